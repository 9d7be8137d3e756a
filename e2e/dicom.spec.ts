import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, photo, screenshot, signIn, unique } from './helpers.ts';
import { ACCOUNT } from './users.ts';

// DICOM: the Manager's PACS endpoints, then a clinician's download and send, whose per-image
// results say why nothing went when the PACS does not answer.

test('the Manager adds a PACS; a clinician sends to it and sees each image fail clearly', async ({
  page,
}) => {
  const name = unique('PACS');
  await signIn(page, 'root');
  await page.goto('/manager/pacs');
  await page.getByRole('combobox', { name: 'Account' }).click();
  await page.getByRole('option', { name: ACCOUNT }).click();
  await page.getByLabel('Name').fill(name);
  // A port nothing listens on: the send must fail and say so.
  await page.getByLabel('DICOMweb base URL').fill('http://127.0.0.1:2/dicom-web');
  await page.getByRole('combobox', { name: 'Authentication' }).click();
  await page.getByRole('option', { name: 'Token (bearer)' }).click();
  await page.getByLabel('Token').fill('never-shown-token');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const table = page.getByRole('table', { name: 'DICOMweb endpoints' });
  await expect(table).toContainText(name);
  await expect(table).toContainText('bearer, secret stored');
  await expect(page.getByText('never-shown-token')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'manager-pacs');

  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('dcm') });
  await page.goto(`/patients/${patient.id}`);
  await page.locator('input[type=file]').setInputFiles([await photo('arm.jpg', { r: 180, g: 120, b: 100 })]);
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Download as DICOM' })).toHaveAttribute(
    'href',
    `/api/patients/${patient.id}/dicom`,
  );
  await page.getByRole('combobox', { name: 'PACS' }).click();
  await page.getByRole('option', { name }).click();
  await page.getByRole('button', { name: 'Send to PACS' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('0 sent, 1 failed');
  await expect(dialog.getByRole('table', { name: 'Result per image' })).toContainText('connection refused');
  await expectAccessible(page);
  await screenshot(page, 'pacs-send-results');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Check PACS' }).click();
  await expect(page.getByTestId('pacs-status')).toContainText('could not be reached: connection refused');
});
