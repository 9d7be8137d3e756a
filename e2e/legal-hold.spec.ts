import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, signIn, unique } from './helpers.ts';

// PRODUCT.md §6, legal hold: an account admin places a hold on the patient page; while it lasts the
// patient's deletion is refused with a message that says why; released, the patient can be deleted.

test('a legal hold is placed on the patient page and refuses the deletion', async ({ page }) => {
  await signIn(page, 'admin');
  const uid = unique('hold');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Held' });
  await page.goto(`/patients/${patient.id}`);

  await page.getByRole('button', { name: 'Place legal hold' }).click();
  const placing = page.getByRole('dialog', { name: `Place a legal hold on ${uid}` });
  await expect(placing.getByRole('button', { name: 'Place hold' })).toBeDisabled();
  await placing.getByLabel('Reason').fill('Court order 2026/17');
  await placing.getByRole('button', { name: 'Place hold' }).click();
  const badge = page.getByTestId('legal-hold');
  await expect(badge).toContainText('Court order 2026/17');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Delete patient' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete patient ${uid}` });
  await dialog.getByLabel('Reason for deleting').selectOption('duplicate');
  await dialog.getByLabel('Confirmation phrase').fill(`delete ${uid}`);
  await dialog.getByRole('button', { name: 'Delete patient' }).click();
  await expect(dialog).toContainText('under a legal hold and cannot be deleted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The patient list shows the hold too.
  await page.goto(`/patients?q=${uid}`);
  await expect(page.getByRole('row', { name: new RegExp(uid) })).toContainText('Legal hold');

  await page.goto(`/patients/${patient.id}`);
  await page.getByRole('button', { name: 'Release hold' }).click();
  await expect(badge).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete patient' }).click();
  await dialog.getByLabel('Reason for deleting').selectOption('duplicate');
  await dialog.getByLabel('Confirmation phrase').fill(`delete ${uid}`);
  await dialog.getByRole('button', { name: 'Delete patient' }).click();
  await expect(page).toHaveURL(/\/patients$/);
});
