import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';
import { startServer, vellum } from './server.ts';
import { PASSWORD, USERS } from './users.ts';

// Page group 1: first run, sign-in and out, navigation by role, ending all sessions, security history.

test('first run: an empty deployment creates its super administrator once, then signs in', async ({
  browser,
}) => {
  const fresh = await startServer();
  try {
    const context = await browser.newContext({ baseURL: fresh.url });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole('heading', { name: 'Set up Vellum' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'setup');
    // The code the operator reads from the server: `vellum setup-code` prints it on its last line.
    const setupCode = vellum(fresh.dataDir, ['setup-code']).trim().split('\n').at(-1) ?? '';
    await page.getByLabel('Setup code').fill('AAAA-AAAA-AAAA');
    await page.getByLabel('E-mail').fill('first@e2e.test');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the super administrator' }).click();
    await expect(page.getByRole('alert')).toContainText(/setup code is wrong/);
    await page.getByLabel('Setup code').fill(setupCode);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('weak');
    await page.getByLabel('Repeat the password').fill('weak');
    await page.getByRole('button', { name: 'Create the super administrator' }).click();
    await expect(page.getByRole('alert')).toContainText(/12 characters/);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the super administrator' }).click();
    await expect(page.getByRole('heading', { name: 'Manager' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    // Once anyone exists, setup is over: the page sends people to sign in and the API refuses.
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/login$/);
    const again = await page.request.post('/api/setup', {
      data: { setupCode, email: 'x@e2e.test', password: PASSWORD },
    });
    expect(again.status()).toBe(409);
    await context.close();
  } finally {
    await fresh.stop();
  }
});

test('sign-in: wrong password is refused, then each role sees its own navigation', async ({ page }) => {
  await page.goto('/patients/some-deep-link');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Vellum' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'login');
  await page.getByLabel('E-mail').fill(USERS.clinician.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Wrong-password-1!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong e-mail or password');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Patients' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Deleted records' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Manager' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, 'assistant');
  await page.goto('/');
  await expect(nav.getByRole('link', { name: 'Patients' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Deleted records' })).toHaveCount(0);
  await page.goto('/deleted');
  await expect(page).toHaveURL(/\/patients$/);

  await signIn(page, 'root');
  await page.goto('/');
  await expect(page).toHaveURL(/\/manager$/);
  await expect(nav.getByRole('link', { name: 'Patients' })).toHaveCount(0);
});

test('security: my history lists my sign-ins; ending all sessions signs out everywhere', async ({
  browser,
}) => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, 'clinician2');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'clinician2');
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'My security', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'My security history' })).toContainText('Signed in');
  await expectAccessible(page);
  await screenshot(page, 'security');
  await page.getByRole('button', { name: 'End all my sessions' }).click();
  await page.getByRole('button', { name: 'Yes, end all my sessions' }).click();
  await expect(page).toHaveURL(/\/login$/);
  // The other browser's session ended too.
  expect((await otherPage.request.get('/api/auth/me')).status()).toBe(401);
  await other.close();
  await context.close();
});

test('tablet width: navigation folds behind a button and stays reachable', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, 'clinician');
  await page.goto('/patients');
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await expect(page.getByRole('link', { name: 'Deleted records' })).toBeVisible();
  await screenshot(page, 'patients-tablet');
});
