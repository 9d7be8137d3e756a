import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, unique } from './helpers.ts';

// Page group 6, backups: take one and see it complete, its size, date and schema version; download
// and verify it; restore it with its typed phrase, which undoes what was done since.

test('backups: take, verify, download and restore one', async ({ page }) => {
  await signIn(page, 'root');
  await page.goto('/manager/backups');
  await expect(page.getByTestId('backup-schedule')).toContainText('No daily backup is scheduled');
  await expect(page.getByTestId('backup-schedule')).toContainText('VELLUM_BACKUP_TIME');
  await expect(page.getByTestId('backup-encryption')).toContainText('encrypted to the passphrase');
  const table = page.getByRole('table', { name: 'Backups' });
  const before = await (await page.request.get('/api/admin/backups')).json();

  await page.getByRole('button', { name: 'Take a backup now' }).click();
  // A new complete row: the list follows the running backup's percentage until it ends.
  const list = async () => (await (await page.request.get('/api/admin/backups')).json()).items;
  await expect
    .poll(async () => (await list()).filter((b: { status: string }) => b.status === 'complete').length)
    .toBe(before.items.length + 1);
  const [backup] = await list();
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: `Verify backup ${backup.id}` }) });
  await expect(row).toContainText('Complete');
  await expect(row).toContainText(/\d+(\.\d)? (kB|MB)/);
  await expect(row).toContainText(/\d{4}_\w+/); // the schema version: the last migration's tag
  await expect(page.getByTestId('backup-progress')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'manager-backups');

  await page.getByRole('button', { name: `Verify backup ${backup.id}` }).click();
  const verdict = page.getByRole('status').filter({ hasText: `Backup ${backup.id} is intact` });
  await expect(verdict).toContainText('Every checksum matches');
  await expect(verdict).toContainText('It can be restored here.');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download backup ${backup.id}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`vellum-backup-${backup.id}.tar.age`);
  const bytes = readFileSync(await download.path());
  expect(bytes.length).toBe(backup.size);
  // Encrypted (age): no record can be read from the downloaded file.
  expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
  expect(bytes.includes(Buffer.from('E2E Clinic'))).toBe(false);

  // Something done after the backup: the restore takes it away again.
  const later = unique('After Backup');
  await page.getByRole('tab', { name: 'Accounts and users' }).click();
  await page.getByLabel('New account name').fill(later);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('table', { name: 'Accounts' })).toContainText(later);
  await page.getByRole('tab', { name: 'Backups' }).click();

  await page.getByRole('button', { name: `Restore backup ${backup.id}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Everything now in this deployment is replaced');
  const confirm = dialog.getByRole('button', { name: 'Replace everything with this backup' });
  await expect(confirm).toBeDisabled();
  // This deployment's own backup: the key of another deployment stays empty.
  await expect(
    dialog.getByRole('textbox', { name: "Another deployment's public key (optional)" }),
  ).toHaveValue('');
  await dialog.getByLabel('Confirmation phrase').fill(`restore backup ${backup.id}`);
  await expectAccessible(page);
  await screenshot(page, 'manager-backup-restore');
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`Backup ${backup.id} restored`)).toBeVisible();
  // The super administrator's session is older than the backup: still signed in.
  await page.getByRole('tab', { name: 'Accounts and users' }).click();
  await expect(page.getByRole('table', { name: 'Accounts' })).toContainText('E2E Clinic');
  await expect(page.getByRole('table', { name: 'Accounts' })).not.toContainText(later);
});

test('backups are the super administrator’s: an account admin has no Manager and gets 403', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await page.goto('/manager/backups');
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  expect((await page.request.get('/api/admin/backups')).status()).toBe(403);
});
