import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, unique } from './helpers.ts';

// Page group: API access — personal API tokens and OAuth clients, each shown once, then revoked.

test('API access: create a token and an OAuth client, use them, revoke them', async ({ page }) => {
  await signIn(page, 'assistant');
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'API access' })
    .click();
  await expect(page.getByRole('heading', { name: 'API access', level: 1 })).toBeVisible();

  // A token, created from the keyboard.
  const tokenName = unique('nightly export');
  await page.getByLabel('New token name').fill(tokenName);
  await page.getByLabel('New token name').press('Enter');
  const token = (await page.getByTestId('secret-token').textContent()) ?? '';
  expect(token).toMatch(/^vlm_/);
  const bearer = { authorization: `Bearer ${token}` };
  expect((await page.request.get('/api/auth/me', { headers: bearer })).status()).toBe(200);
  await page.getByRole('button', { name: 'Done, I have copied it' }).click();
  await expect(page.getByTestId('secret-token')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Personal API tokens' })).toContainText(tokenName);

  const clientName = unique('fhir app');
  await page.getByLabel('New client name').fill(clientName);
  await page.getByRole('button', { name: 'Create client' }).click();
  const clientId = (await page.getByTestId('secret-client-id').textContent()) ?? '';
  const clientSecret = (await page.getByTestId('secret-client-secret').textContent()) ?? '';
  const grant = () =>
    page.request.post('/oauth2/token', {
      form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
  expect((await grant()).status()).toBe(200);
  await expect(page.getByRole('table', { name: 'OAuth clients' })).toContainText(clientName);
  await expectAccessible(page);
  await screenshot(page, 'api-access');
  await page.getByRole('button', { name: 'Done, I have copied it' }).click();

  await page.getByRole('button', { name: `Revoke token ${tokenName}` }).click();
  await expect(page.getByRole('dialog')).toContainText('stops working at once');
  await expectAccessible(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('table', { name: 'Personal API tokens' })).not.toContainText(tokenName);
  expect((await page.request.get('/api/auth/me', { headers: bearer })).status()).toBe(401);

  await page.getByRole('button', { name: `Revoke client ${clientName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('table', { name: 'OAuth clients' })).not.toContainText(clientName);
  expect((await grant()).status()).toBe(401);
});

test('API access: a SMART backend client registered with its public keys and a scope', async ({ page }) => {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES384', kid: 'e2e' }] };
  await signIn(page, 'clinician');
  await page.goto('/api-access');
  const clientName = unique('backend service');
  await page.getByLabel('New client name').fill(clientName);
  await page.getByLabel('Public key set (JWKS), for a SMART backend client').fill(JSON.stringify(jwks));
  await page.getByLabel('Scopes').fill('system/*.rs');
  await page.getByRole('button', { name: 'Create client' }).click();
  const clientId = (await page.getByTestId('secret-client-id').textContent()) ?? '';
  await expect(page.getByTestId('secret-client-secret')).toHaveCount(0);
  await page.getByRole('button', { name: 'Done, I have copied it' }).click();
  const table = page.getByRole('table', { name: 'OAuth clients' });
  await expect(table.getByRole('row', { name: new RegExp(clientName) })).toContainText('system/*.rs');
  await expectAccessible(page);

  const config = await (await page.request.get('/.well-known/smart-configuration')).json();
  // The server runs on a clock of its own (VELLUM_FAKE_TIME): the client's creation time is its now.
  const clients = await (await page.request.get('/api/auth/clients')).json();
  const created = clients.items.find((c: { clientId: string }) => c.clientId === clientId).createdAt;
  const now = Math.floor(new Date(created).getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: 'e2e' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(config.token_endpoint)
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
  const res = await page.request.post('/oauth2/token', {
    form: {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    },
  });
  expect(res.status()).toBe(200);
  expect((await res.json()).scope).toBe('system/*.rs');
});
