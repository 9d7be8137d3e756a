import { expect, type Page, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { apiPost, createUserWithPassword, expectAccessible, screenshot, signIn, unique } from './helpers.ts';
import { PASSWORD } from './users.ts';

// Page group: two-factor sign-in — set up on My security, sign in with a code, turn it off.

/** The server runs on a fake clock: its time is read from the newest event of the user's history. */
async function serverClock(page: Page, userId: string) {
  const res = await page.request.get('/api/audit', { params: { userId, pageSize: 1 } });
  const offset = Date.parse((await res.json()).items[0].at) - Date.now();
  return () => Date.now() + offset;
}

/** A code for the server's time `shiftSteps` steps away, never within a second of a step's edge. */
async function code(secret: string, now: () => number, shiftSteps = 0) {
  while (now() % 30_000 < 1_000 || now() % 30_000 > 29_000) await new Promise((r) => setTimeout(r, 500));
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: now() + shiftSteps * 30_000 });
}

async function signInWithForm(page: Page, email: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('two-factor: turn it on with a code, sign in with password and code, turn it off', async ({ page }) => {
  await signIn(page, 'admin');
  const email = `${unique('totp')}@e2e.test`;
  const user = await createUserWithPassword(page, { email, role: 'clinician' });
  await page.context().clearCookies();

  await page.goto('/login');
  await signInWithForm(page, email);
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  const now = await serverClock(page, user.id);

  await page.goto('/security');
  await expect(page.getByTestId('totp-status')).toContainText('Off');
  await page.getByRole('button', { name: 'Set up two-factor' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  await expect(page.getByTestId('totp-uri')).toContainText(`secret=${secret}`);
  // The QR code is the otpauth:// link itself, as the app's camera reads it.
  const uri = (await page.getByTestId('totp-uri').textContent()) ?? '';
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await expect(page.getByTestId('totp-qr')).toHaveAttribute('src', src);
  await expectAccessible(page);
  await screenshot(page, 'security-two-factor-setup');
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  // The sign-in form's alert, not a toast still showing from before.
  await expect(page.getByRole('alert').filter({ hasText: 'not valid' })).toBeVisible();
  // The previous step's code (still accepted), so the current one is fresh for the sign-in below.
  await page.getByLabel('Code from the app').fill(await code(secret, now, -1));
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  await expect(page.getByTestId('totp-status')).toContainText('On');
  await screenshot(page, 'security-two-factor-on');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signInWithForm(page, email);
  const codeField = page.getByLabel('Authenticator code');
  await expect(codeField).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'login-code');
  await codeField.fill('123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in form's alert, not a toast still showing from before.
  await expect(page.getByRole('alert').filter({ hasText: 'not valid' })).toBeVisible();
  await codeField.fill(await code(secret, now));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();

  await page.goto('/security');
  await expect(page.getByRole('table', { name: 'My security history' })).toContainText(
    'Two-factor sign-in turned on',
  );
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Turn off two-factor' }).click();
  await expect(page.getByTestId('totp-status')).toContainText('Off');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInWithForm(page, email);
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
});

test('a lost authenticator: the account admin resets the user’s two-factor, audited', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin');
  const email = `${unique('lost-phone')}@e2e.test`;
  const user = await createUserWithPassword(page, { email, role: 'clinician' });
  // The user turns two-factor on in a browser of its own.
  const own = await browser.newContext();
  const userPage = await own.newPage();
  expect(
    (await userPage.request.post('/api/auth/login', { data: { email, password: PASSWORD } })).status(),
  ).toBe(200);
  const { secret } = await apiPost(userPage, '/api/auth/totp/setup', {});
  await apiPost(userPage, '/api/auth/totp/enable', {
    code: await code(secret, await serverClock(userPage, user.id)),
  });
  await own.close();
  const anonymous = await browser.newContext();
  const signInAlone = () =>
    anonymous.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect((await (await signInAlone()).json()).error.code).toBe('totp_required');

  await page.goto('/users');
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('On');
  // One's own row offers neither a reset nor a delete.
  await expect(page.getByRole('button', { name: 'Reset two-factor of admin@e2e.test' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete user admin@e2e.test' })).toHaveCount(0);
  await page.getByRole('button', { name: `Reset two-factor of ${email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reset two-factor sign-in of ${email}` });
  await expect(dialog).toContainText('lost the phone');
  await expectAccessible(page);
  await screenshot(page, 'users-reset-two-factor');
  await dialog.getByRole('button', { name: 'Turn their two-factor off' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText('Off');
  await expect(page.getByRole('button', { name: `Reset two-factor of ${email}` })).toHaveCount(0);
  expect((await signInAlone()).status()).toBe(200);
  await anonymous.close();

  await page.goto('/security');
  await expect(page.getByRole('table', { name: 'My security history' })).toContainText(
    'Two-factor sign-in reset',
  );
});
