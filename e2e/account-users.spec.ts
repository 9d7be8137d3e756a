import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, unique } from './helpers.ts';
import { ACCOUNT, NEW_PASSWORD, PASSWORD } from './users.ts';

// Page group: an account admin manages the users of its own account.

test('account admin: creates a clinician who changes the chosen password at first sign-in; deletes and restores a user', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin');
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Users' })
    .click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByText(`The people who can sign in to ${ACCOUNT}.`)).toBeVisible();
  const users = page.getByRole('table', { name: 'Users', exact: true });
  await expect(users).toContainText('clinician@e2e.test');
  await expect(users).not.toContainText('root@e2e.test');
  // An account admin neither chooses an account nor creates super administrators.
  await expect(page.getByRole('combobox', { name: 'Account' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Role', exact: true }).click();
  await expect(page.getByRole('option', { name: 'Super administrator' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Clinician' }).click();

  const email = `${unique('new-doctor')}@e2e.test`;
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Initial password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(users).toContainText(email);
  await expectAccessible(page);
  await screenshot(page, 'account-users');

  const other = await browser.newContext();
  const doctor = await other.newPage();
  await doctor.goto('/login');
  await doctor.getByLabel('E-mail').fill(email);
  await doctor.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await doctor.getByRole('button', { name: 'Sign in' }).click();
  // The admin chose the password: nothing else opens until the doctor chooses one of its own.
  await expect(doctor.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
  await expectAccessible(doctor);
  await screenshot(doctor, 'password-change-required');
  await doctor.getByLabel('Current password').fill(PASSWORD);
  await doctor.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await doctor.getByLabel('Confirm the new password').fill(NEW_PASSWORD);
  await doctor.getByRole('button', { name: 'Change password' }).click();
  await expect(doctor.getByRole('heading', { name: 'Patients' })).toBeVisible();
  await expect(doctor.getByText(`${email} · Clinician`)).toBeVisible();
  await other.close();

  // The admin changes the new user's role in the table; its own row offers no such choice.
  await expect(page.getByRole('combobox', { name: 'Role of admin@e2e.test' })).toHaveCount(0);
  await page.getByRole('combobox', { name: `Role of ${email}` }).click();
  await page.getByRole('option', { name: 'Assistant' }).click();
  await expect(page.getByText(`${email} is now Assistant.`)).toBeVisible();
  const listed = await (await page.request.get('/api/users')).json();
  expect(listed.items.find((u: { email: string }) => u.email === email).role).toBe('assistant');

  await page.getByRole('button', { name: `Delete user ${email}` }).click();
  await expect(page.getByText(`${email} deleted (Standard deletion policy)`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Deleted users' })).toContainText(email);
  await expect(users).not.toContainText(email);
  const anonymous = await browser.newContext();
  const refused = await anonymous.request.post('/api/auth/login', {
    data: { email, password: NEW_PASSWORD },
  });
  expect(refused.status()).toBe(401);
  await anonymous.close();
  await page.getByRole('button', { name: `Restore user ${email}` }).click();
  await expect(users).toContainText(email);
});
