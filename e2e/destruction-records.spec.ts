import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, signIn, unique } from './helpers.ts';

// PRODUCT.md §6, destruction records: the super administrator lists them in the Manager (newest
// first), opens one to see what was destroyed, and downloads its CSV and PDF certificate.

test('a patient expunged leaves a destruction record: listed, opened, downloaded', async ({
  page,
  browser,
}) => {
  const practice = await browser.newContext();
  const clinician = await practice.newPage();
  await signIn(clinician, 'clinician');
  const patient = await apiPost(clinician, '/api/patients', {
    uniqueId: unique('destroy'),
    lastName: 'Gone',
  });
  await practice.close();

  await signIn(page, 'root');
  await apiPost(page, `/api/patients/${patient.id}/expunge`, {});
  await page.goto('/manager');
  await page.getByRole('tab', { name: 'Destruction records' }).click();
  await expect(page).toHaveURL(/\/manager\/destruction$/);
  const table = page.getByRole('table', { name: 'Destruction records' });
  // Newest first: the expunge just made is the first row.
  const first = table.getByRole('row').nth(1);
  await expect(first).toContainText('Expunge');
  await expect(first).toContainText('root@e2e.test');
  await expect(first).toContainText('1 patients');
  await expectAccessible(page);

  await first.getByRole('button', { name: /^Open the destruction record of/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Destruction record of/ });
  await expect(dialog.getByTestId('destroyed-items')).toContainText(patient.id);
  await expect(dialog.getByTestId('destroyed-items')).toContainText('patient');

  const csv = page.waitForEvent('download');
  await dialog.getByRole('link', { name: 'CSV' }).click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
  const pdf = page.waitForEvent('download');
  await dialog.getByRole('link', { name: 'PDF certificate' }).click();
  expect((await pdf).suggestedFilename()).toMatch(/\.pdf$/);
  await expectAccessible(page);
});
