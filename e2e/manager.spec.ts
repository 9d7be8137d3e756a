import { expect, test } from '@playwright/test';
import { csrf, expectAccessible, screenshot, signIn, unique } from './helpers.ts';
import { OLD_DELETED, PASSWORD } from './users.ts';

// Page group 6: the Manager — preferences with the retention reduction, users, audit, cleanup.

test('shortening retention states how many records go at once, then removes them', async ({ page }) => {
  await signIn(page, 'root');
  await page.goto('/manager');
  const months = page.getByLabel('Retention period (months)');
  await expect(months).toHaveValue('120');
  await expect(page.getByTestId('retention-words')).toHaveText('= 10 years');
  await expectAccessible(page);
  await screenshot(page, 'manager-preferences');
  await months.fill('27');
  await expect(page.getByTestId('retention-words')).toHaveText('= 2 years, 3 months');
  // The patients seeded as deleted 90 days ago are the only records older than one month.
  await months.fill('1');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  const dialog = page.getByRole('dialog');
  // Each of them goes with its deletion event, in the same cut.
  const total = 2 * OLD_DELETED.length;
  await expect(dialog).toContainText(`${total} deleted records would be removed at once`);
  await expect(dialog).toContainText(
    `${OLD_DELETED.length} deleted patients, ${OLD_DELETED.length} log events of deleted records`,
  );
  await screenshot(page, 'manager-retention-confirm');
  await dialog.getByRole('button', { name: `Shorten and remove ${total} records` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(months).toHaveValue('1');
  // Back to ten years: lengthening needs no confirmation.
  await months.fill('120');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Preferences saved.').first()).toBeVisible();
});

test('users, the audit log with its chain check, and the cleanup', async ({ page }) => {
  await signIn(page, 'root');
  await page.goto('/manager/users');
  const email = `${unique('nurse')}@e2e.test`;
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Initial password' }).fill(PASSWORD);
  await page.getByRole('combobox', { name: 'Role', exact: true }).click();
  await page.getByRole('option', { name: 'Assistant' }).click();
  await page.getByRole('combobox', { name: 'Account' }).click();
  await page.getByRole('option', { name: 'E2E Clinic' }).click();
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('table', { name: 'Users', exact: true })).toContainText(email);
  await expectAccessible(page);
  await screenshot(page, 'manager-users');
  await page.getByRole('button', { name: `Delete user ${email}` }).click();
  await expect(page.getByRole('table', { name: 'Deleted users' })).toContainText(email);
  await page.getByRole('button', { name: `Restore user ${email}` }).click();
  await expect(page.getByRole('table', { name: 'Users', exact: true })).toContainText(email);

  await page.getByRole('tab', { name: 'Audit log' }).click();
  const log = page.getByRole('table', { name: 'Audit log' });
  // Rows are read once the table has the current filters' answer (it is busy until then).
  const settled = () => expect(log).toHaveAttribute('aria-busy', 'false');
  const chooseEvent = async (words: string) => {
    await page.getByRole('combobox', { name: 'Event' }).fill(words);
    await page.getByRole('option', { name: words, exact: true }).click();
  };
  await chooseEvent('User created');
  await settled();
  await expect(log).toContainText('User created');
  // Events are said in words: no codes, no JSON.
  await expect(log).not.toContainText('user.create');
  await expect(log).not.toContainText('{');
  // Who did it, chosen by e-mail; what it recorded, in words. (Under the Standard policy the
  // deleted user's own events lost their content; its restore is a new event.)
  await chooseEvent('User recovered');
  await page.getByRole('combobox', { name: 'Who' }).fill('root@e2e');
  await page.getByRole('option', { name: 'root@e2e.test' }).click();
  await page.getByLabel('From date').fill('2026-04-05');
  await settled();
  await expect(log.getByRole('row').filter({ hasText: `Email: ${email}` })).toContainText('root@e2e.test');
  await expect(log).not.toContainText('User deleted');
  await page.getByLabel('From date').fill('2026-04-06');
  await settled();
  await expect(log.getByRole('row').filter({ hasText: email })).toHaveCount(0);
  await expect(page.getByText('No events')).toBeVisible();
  // The activity log as a tracking list: soonest expiry first. A user deleted for good measure:
  // its deletion event expires with it (the first test may have removed the seeded deletions).
  const users = await (await page.request.get('/api/users')).json();
  const nurse = users.items.find((u: { email: string }) => u.email === email);
  const deleted = await page.request.delete(`/api/users/${nurse.id}`, { headers: await csrf(page) });
  expect(deleted.status(), await deleted.text()).toBe(200);
  await page.reload();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await page.getByRole('combobox', { name: 'Order', exact: true }).click();
  await page.getByRole('option', { name: 'Soonest expiry first' }).click();
  await settled();
  await expect(log.getByRole('columnheader', { name: 'Expires' })).toBeVisible();
  await expect(log.getByRole('row').nth(1).getByRole('cell').last()).toHaveText(/\d{4}$/);
  await page.getByRole('button', { name: 'Check the chain' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Chain intact' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'manager-audit');

  await page.getByRole('tab', { name: 'Cleanup' }).click();
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('cleanup-last-run')).toContainText('manual');
  await expectAccessible(page);
  await screenshot(page, 'manager-cleanup');
});
