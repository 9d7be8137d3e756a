import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { apiPost, csrf, expectAccessible, photo, screenshot, signIn, unique } from './helpers.ts';

// Page group: the Manager's Expunge tab. The practice gives the super administrator a Record ID;
// the record goes for good, the counts are shown in words, and every read afterwards is 404.

/** Fills the tab's form and confirms with the typed phrase; returns the shown outcome. */
async function expunge(page: Page, kind: 'Patient' | 'Entry' | 'Image', id: string, everything = false) {
  await page.getByRole('radio', { name: kind }).check();
  await page.getByRole('textbox', { name: 'Record ID' }).fill(id);
  if (kind === 'Patient') await page.getByRole('checkbox', { name: /Everything/ }).setChecked(everything);
  await page.getByRole('button', { name: 'Expunge…' }).click();
  const dialog = page.getByRole('dialog', { name: `Expunge ${kind.toLowerCase()}` });
  const confirm = dialog.getByRole('button', { name: `Expunge the ${kind.toLowerCase()} for good` });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Confirmation phrase').fill(`expunge ${id}`);
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  return page.getByTestId('expunge-result');
}

test('expunging an image, then a patient with everything; unknown and malformed ids', async ({
  page,
  browser,
}) => {
  // The practice's side: a patient with a consent, an image and an entry showing it.
  const practice = await browser.newContext();
  const clinician = await practice.newPage();
  await signIn(clinician, 'clinician');
  const uniqueId = unique('exp');
  const patient = await apiPost(clinician, '/api/patients', { uniqueId, lastName: 'Gone' });
  await apiPost(clinician, `/api/patients/${patient.id}/consents`, { method: 'verbal' });
  const upload = async (name: string) => {
    const res = await clinician.request.post(`/api/patients/${patient.id}/images`, {
      headers: await csrf(clinician),
      multipart: { file: await photo(name, { r: 120, g: 90, b: 200 }) },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).created[0].id as string;
  };
  const kept = await upload('kept.jpg');
  const dropped = await upload('dropped.jpg');
  const entry = await apiPost(clinician, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00Z',
  });

  await signIn(page, 'root');
  await page.goto('/manager');
  await page.getByRole('tab', { name: 'Expunge' }).click();
  await expect(page).toHaveURL(/\/manager\/expunge$/);
  await expect(page.getByText('This cannot be undone')).toBeVisible();
  await expectAccessible(page);

  // One image: its three stored files and its history go.
  const image = await expunge(page, 'Image', dropped);
  await expect(image).toContainText('Image expunged');
  await expect(image).toContainText('0 patients, 0 entries, 1 image, 0 consents, 3 stored files');
  expect((await clinician.request.get(`/api/images/${dropped}`)).status()).toBe(404);
  expect((await clinician.request.get(`/api/images/${kept}`)).status()).toBe(200);

  // The patient alone is refused while it still has records; nothing changes.
  const refused = await expunge(page, 'Patient', patient.id);
  await expect(refused).toContainText('This patient still has records');
  await expect(refused).toContainText('1 entry, 1 image and 1 consent');
  await expect(refused).toContainText('Everything in the patient');
  expect((await clinician.request.get(`/api/patients/${patient.id}`)).status()).toBe(200);

  // With everything: the patient, its entry, image and consent, their files and history.
  await page.getByRole('textbox', { name: 'Record ID' }).fill(patient.id);
  await page.getByRole('checkbox', { name: /Everything/ }).check();
  await page.getByRole('button', { name: 'Expunge…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Expunge patient' });
  await expect(dialog).toContainText('its entries, images and consents');
  await dialog.getByLabel('Confirmation phrase').fill(`expunge ${patient.id}`);
  await expectAccessible(page);
  await screenshot(page, 'manager-expunge-confirm');
  await dialog.getByRole('button', { name: 'Expunge the patient for good' }).click();
  const done = page.getByTestId('expunge-result');
  await expect(done).toContainText('Patient expunged');
  await expect(done).toContainText('1 patient, 1 entry, 1 image, 1 consent, 3 stored files');
  await expect(done).toContainText('activity events');
  await expectAccessible(page);
  await screenshot(page, 'manager-expunge');

  // The practice sees nothing of it any more: every read is 404, the patient database lacks it.
  for (const url of [`/api/patients/${patient.id}`, `/api/entries/${entry.id}`, `/api/images/${kept}`]) {
    expect((await clinician.request.get(url)).status(), url).toBe(404);
  }
  await clinician.goto(`/patients?q=${uniqueId}`);
  await expect(clinician.getByTestId('patient-total')).toHaveText('0 patients');

  // By keyboard alone, an id that names nothing: it says so and no more.
  const nothing = randomUUID();
  await page.getByRole('radio', { name: 'Patient' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Entry' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Record ID' })).toBeFocused();
  await page.keyboard.type(nothing);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Expunge…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Confirmation phrase')).toBeFocused();
  await page.keyboard.type(`expunge ${nothing}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const unknown = page.getByTestId('expunge-result');
  await expect(unknown).toHaveText(/No record with this ID/);
  await expect(unknown).not.toContainText('entry');
  // A malformed id is refused before anything is asked.
  await page.getByRole('textbox', { name: 'Record ID' }).fill('not-an-id');
  await page.getByRole('button', { name: 'Expunge…' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('This is not a Record ID')).toBeVisible();

  // The audit log shows the expunges, with the record type and counts only.
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await page.getByRole('combobox', { name: 'Event' }).fill('Record expunged');
  await page.getByRole('option', { name: 'Record expunged', exact: true }).click();
  const log = page.getByRole('table', { name: 'Audit log' });
  // Newest first: other specs may have expunged before; the first rows are this test's.
  await expect(log.getByRole('row').filter({ hasText: 'Record type: patient' }).first()).toContainText(
    'images: 1',
  );
  await expect(log.getByRole('row').filter({ hasText: 'Record type: image' }).first()).toContainText(
    'root@e2e.test',
  );
  await expect(log).not.toContainText(uniqueId);
  await practice.close();
});
