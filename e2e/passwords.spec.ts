import { type Browser, expect, test } from '@playwright/test';
import { createUserWithPassword, expectAccessible, screenshot, signIn, unique } from './helpers.ts';
import { NEW_PASSWORD, PASSWORD } from './users.ts';

// Page group: passwords the user owns — changed on My security, reset through a link an
// administrator makes on the Users page; the old password stops working either way.

async function signInStatus(browser: Browser, email: string, password: string) {
  const anonymous = await browser.newContext();
  const status = (await anonymous.request.post('/api/auth/login', { data: { email, password } })).status();
  await anonymous.close();
  return status;
}

test('a user changes its own password on My security', async ({ page, browser }) => {
  await signIn(page, 'admin');
  const email = `${unique('changer')}@e2e.test`;
  await createUserWithPassword(page, { email, role: 'clinician' });
  await page.context().clearCookies();

  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  await page.goto('/security');
  await page.getByLabel('Current password').fill('Not-The-One-42!');
  await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm the new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('The current password is not right.')).toBeVisible();
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel(/^New password/).fill('Password123!');
  await page.getByLabel('Confirm the new password').fill('Password123!');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText(/too easy to guess/)).toBeVisible();
  await screenshot(page, 'security-password');
  await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm the new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed. 0 other sessions ended.')).toBeVisible();
  await expectAccessible(page);

  expect(await signInStatus(browser, email, PASSWORD)).toBe(401);
  expect(await signInStatus(browser, email, NEW_PASSWORD)).toBe(200);
});

test('an admin makes a reset link on the Users page; the user sets a new password through it', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin');
  const email = `${unique('forgetful')}@e2e.test`;
  await createUserWithPassword(page, { email, role: 'assistant' });
  await page.goto('/users');
  await page.getByRole('button', { name: `Send reset link to ${email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Password reset link for ${email}` });
  await expect(dialog).toContainText('works once, for 24 hours');
  await dialog.getByRole('button', { name: 'Make the link' }).click();
  const link = (await dialog.getByTestId('secret-reset-link').textContent()) ?? '';
  expect(link).toMatch(/\/reset-password#token=/);
  await expectAccessible(page);
  await screenshot(page, 'users-reset-link');

  const own = await browser.newContext();
  const user = await own.newPage();
  await user.goto(link);
  await expect(user.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(user);
  await user.getByLabel(/^New password/).fill('Password123!');
  await user.getByLabel('Confirm the new password').fill('Password123!');
  await user.getByRole('button', { name: 'Set password' }).click();
  await expect(user.getByText(/too easy to guess/)).toBeVisible();
  await screenshot(user, 'reset-password');
  await user.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await user.getByLabel('Confirm the new password').fill(NEW_PASSWORD);
  await user.getByRole('button', { name: 'Set password' }).click();
  await expect(user.getByText(`The password of ${email} is set.`)).toBeVisible();
  // The link works once.
  await user.goto(link);
  await user.reload();
  await user.getByLabel(/^New password/).fill('Another-Fresh-Lantern-7');
  await user.getByLabel('Confirm the new password').fill('Another-Fresh-Lantern-7');
  await user.getByRole('button', { name: 'Set password' }).click();
  await expect(user.getByRole('alert')).toContainText('already used');
  await own.close();

  expect(await signInStatus(browser, email, PASSWORD)).toBe(401);
  expect(await signInStatus(browser, email, NEW_PASSWORD)).toBe(200);
});
