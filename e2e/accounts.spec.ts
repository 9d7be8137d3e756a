import { expect, test } from '@playwright/test';
import { apiPost, createUserWithPassword, expectAccessible, screenshot, signIn, unique } from './helpers.ts';
import { PASSWORD } from './users.ts';

// Page group: the Manager deletes an account for good with its typed phrase.

test('deleting an account: the phrase, what goes, and its users can no longer sign in', async ({
  page,
  browser,
}) => {
  await signIn(page, 'root');
  const name = unique('Closing Practice');
  const account = await apiPost(page, '/api/accounts', { name });
  const email = `${unique('leaving')}@e2e.test`;
  await createUserWithPassword(page, { email, role: 'clinician', accountId: account.id });
  // Its clinician records a patient.
  const other = await browser.newContext();
  const clinicianPage = await other.newPage();
  const login = await clinicianPage.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  await apiPost(clinicianPage, '/api/patients', { uniqueId: 'leaving-1' });

  await page.goto('/manager/users');
  const accounts = page.getByRole('table', { name: 'Accounts' });
  await expect(accounts).toContainText(name);
  await page.getByRole('button', { name: `Delete account ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete account ${name}` });
  await expect(dialog).toContainText('Permanent, whatever the deletion policy');
  await expect(dialog).toContainText('its 1 user: no one can sign in to it again');
  const confirm = dialog.getByRole('button', { name: 'Delete the account for good' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Confirmation phrase').fill(`delete account ${name.toLowerCase()}`);
  await expect(confirm).toBeDisabled();
  await expectAccessible(page);
  await screenshot(page, 'manager-account-delete');
  await dialog.getByLabel('Confirmation phrase').fill(`delete account ${name}`);
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`Account ${name} deleted: 1 patients`)).toBeVisible();
  await expect(accounts).not.toContainText(name);

  // Its user's session ended and no sign-in works any more.
  expect((await clinicianPage.request.get('/api/auth/me')).status()).toBe(401);
  const again = await clinicianPage.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(again.status()).toBe(401);
  await other.close();
});
