import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, photo, screenshot, signIn, unique } from './helpers.ts';

// Page groups 3–5: the patient page, the entry page and Deleted Records, end to end: create a
// patient, upload images, build an entry with a comparison, delete the patient, recover it, and
// find everything back.

test('create → upload → entry with comparison → delete → recover → everything is back', async ({ page }) => {
  // The whole journey in one test: more steps than the default time allows on a busy machine.
  test.slow();
  await signIn(page, 'clinician');
  const uid = unique('life');
  await page.goto('/patients');
  await page.getByRole('button', { name: 'New patient' }).click();
  await page.getByLabel('Unique ID').fill(uid.toUpperCase());
  await page.getByLabel('Last name').fill('Lindqvist');
  await page.getByRole('button', { name: 'Create patient' }).click();
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();

  // A field edit shows as unsaved until saved.
  await page.getByLabel('Phone').fill('+46 555 0100');
  await expect(page.getByText('Unsaved change')).toBeVisible();
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText('Unsaved change')).toHaveCount(0);

  // Consent by drawn signature.
  await page.getByRole('button', { name: 'Record consent' }).click();
  const pad = page.getByTestId('signature-pad');
  const box = await pad.boundingBox();
  if (!box) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + 80);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 40, { steps: 8 });
  await page.mouse.move(box.x + 220, box.y + 100, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Save consent' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // Batch upload: three photos kept, a text file rejected with its reason.
  await page
    .locator('input[type=file]')
    .setInputFiles([
      await photo('before.jpg', { r: 200, g: 120, b: 100 }),
      await photo('week3.jpg', { r: 170, g: 150, b: 110 }),
      await photo('after.jpg', { r: 150, g: 170, b: 120 }),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
    ]);
  await expect(page.locator('[data-state=done]')).toHaveCount(3);
  await expect(page.locator('[data-state=rejected]')).toContainText('Rejected');
  await expect(page.getByTestId('pool-image')).toHaveCount(3);
  await expect(page.getByTestId('image-count')).toContainText('3');
  // A caption, saved when the field is left.
  await page.getByLabel('Caption of week3.jpg').fill('Week 3, left cheek');
  await page.getByLabel('Caption of week3.jpg').press('Enter');
  await expect(page.getByRole('button', { name: 'Preview Week 3, left cheek' })).toBeVisible();
  // The lightbox.
  await page.getByRole('button', { name: 'Preview Week 3, left cheek' }).click();
  await expect(page.getByRole('dialog').getByRole('img', { name: 'Week 3, left cheek' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const report = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Report PDF' }).click();
  expect((await report).suggestedFilename()).toMatch(/\.pdf$/);
  await expectAccessible(page);
  await screenshot(page, 'patient');
  await page.setViewportSize({ width: 768, height: 1024 });
  await expectAccessible(page);
  await screenshot(page, 'patient-768');
  await page.setViewportSize({ width: 1280, height: 800 });

  // An entry whose workspace holds both images and a comparison of them.
  await page.getByRole('button', { name: 'New entry' }).click();
  await expect(page.getByRole('heading', { name: /^Entry of/ })).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  const images = ['before.jpg', 'Week 3, left cheek', 'after.jpg'];
  for (const name of images) await page.getByLabel(`In workspace: ${name}`).check();
  for (const name of images) await page.getByLabel(`Select for comparison: ${name}`).check();
  await page.getByLabel('Comparison name').fill('Week 0 to 6');
  await page.getByRole('button', { name: /Create comparison/ }).click();
  await expect(page.getByTestId('comparison')).toContainText('Week 0 to 6');
  await page.getByLabel('Clinical notes', { exact: true }).fill('Healing well.');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  // Three photos side by side, each with its date; no slider for a group of three.
  const group = page.getByTestId('comparison');
  await expect(group.getByRole('figure')).toHaveCount(3);
  await expect(group.getByRole('img', { name: '2. Week 3, left cheek' })).toBeVisible();
  await expect(group.getByRole('figure').first()).toContainText(/Uploaded \d+ \w+ \d{4}/);
  await expect(group.getByRole('slider')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'entry');
  await page.setViewportSize({ width: 768, height: 1024 });
  await expectAccessible(page);
  await screenshot(page, 'entry-768');
  await page.setViewportSize({ width: 1280, height: 800 });
  const entryUrl = page.url();

  // Delete the patient with its phrase.
  await page.getByRole('link', { name: `← ${uid}` }).click();
  await page.getByRole('button', { name: 'Delete patient' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Delete patient' })).toBeDisabled();
  await dialog.getByLabel('Confirmation phrase').fill(`delete ${uid}`);
  // A patient's deletion must say why: the phrase alone does not enable the button.
  await expect(dialog.getByRole('button', { name: 'Delete patient' })).toBeDisabled();
  await dialog.getByLabel('Reason for deleting').selectOption('wrong_patient');
  await dialog.getByLabel('Note (optional)').fill('Photos of another patient');
  await dialog.getByRole('button', { name: 'Delete patient' }).click();
  await expect(page).toHaveURL(/\/patients$/);

  // Deleted Records: who, when, the countdown; recover with its phrase.
  await page.getByRole('link', { name: 'Deleted records' }).click();
  const row = page.getByRole('row', { name: new RegExp(uid) });
  await expect(row).toContainText('clinician@e2e.test');
  await expect(row).toContainText(/in \d+ years?/);
  await expect(row.getByTestId('deletion-reason')).toHaveText(
    'Reason: Wrong patient (Photos of another patient)',
  );
  await expectAccessible(page);
  await screenshot(page, 'deleted-records');
  await row.getByRole('button', { name: `Recover ${uid}` }).click();
  await page.getByRole('dialog').getByLabel('Confirmation phrase').fill(`restore ${uid}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Recover patient' }).click();

  // Everything is back: counts, images, consent, the entry with its comparison and notes.
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  await expect(page.getByTestId('image-count')).toContainText('3');
  await expect(page.getByTestId('entry-count')).toContainText('1');
  await expect(page.getByTestId('pool-image')).toHaveCount(3);
  await expect(page.getByLabel('Caption of week3.jpg')).toHaveValue('Week 3, left cheek');
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await page.goto(entryUrl);
  await expect(page.getByTestId('comparison')).toContainText('Week 0 to 6');
  await expect(page.getByRole('img', { name: '3. after.jpg' })).toBeVisible();
  await expect(page.getByLabel('Clinical notes', { exact: true })).toHaveValue('Healing well.');
});

test('recovery is refused in words while an active patient holds the unique ID', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('clash');
  const first = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'First' });
  const res = await page.request.delete(`/api/patients/${first.id}`, {
    data: { reason: 'duplicate', confirmation: `delete ${uid}` },
    headers: {
      'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'vellum_csrf')?.value ?? '',
    },
  });
  expect(res.status()).toBe(200);
  // A new patient may take the deleted one's unique ID...
  await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Second' });
  await page.goto('/deleted');
  await page.getByText('Most recently deleted first').click();
  const row = page.getByRole('row', { name: new RegExp(uid) });
  await row.getByRole('button', { name: `Recover ${uid}` }).click();
  await page.getByRole('dialog').getByLabel('Confirmation phrase').fill(`restore ${uid}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Recover patient' }).click();
  // ...and then the deleted one cannot come back under it, and the page says why.
  const alert = page.getByRole('alert').filter({ hasText: 'Cannot recover yet' });
  await expect(alert).toContainText(`Another active patient now uses the unique ID "${uid}"`);
  await expect(page.getByRole('row', { name: new RegExp(uid) })).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, 'deleted-records-conflict');
});

test('an image deleted on its own comes back from the Deleted Items drawer', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('drawer');
  const res = await page.request.post('/api/patients', {
    data: { uniqueId: uid },
    headers: {
      'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'vellum_csrf')?.value ?? '',
    },
  });
  const patient = await res.json();
  await page.goto(`/patients/${patient.id}`);
  await page.locator('input[type=file]').setInputFiles([await photo('mole.jpg', { r: 90, g: 60, b: 50 })]);
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete image mole.jpg' }).click();
  // The confirmation says what the deletion policy does with it.
  await expect(page.getByRole('dialog')).toContainText('can be recovered there for');
  await page.getByRole('dialog').getByLabel('Reason for deleting').selectOption('duplicate');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete image' }).click();
  await expect(page.getByTestId('pool-image')).toHaveCount(0);
  await page.getByRole('button', { name: 'Deleted items' }).click();
  await expect(page.getByTestId('deleted-item')).toContainText(/removed for good in \d+ years?/);
  await expect(page.getByTestId('deleted-item').getByTestId('deletion-reason')).toHaveText(
    'Reason: Duplicate',
  );
  await screenshot(page, 'deleted-items');
  await page.getByRole('button', { name: 'Recover mole.jpg' }).click();
  await expect(page.getByTestId('deleted-item')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
});

test('an entry deleted from its page comes back from the Deleted Items drawer', async ({ page }) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('entrydel') });
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-03-10T08:15:00Z',
    notes: 'Follow-up visit.',
  });
  await page.goto(`/entries/${entry.id}`);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  const report = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Entry report PDF' }).click();
  expect((await report).suggestedFilename()).toMatch(/\.pdf$/);

  await page.getByRole('button', { name: 'Delete entry' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('can be recovered there for 10 years');
  await expectAccessible(page);
  await screenshot(page, 'entry-delete');
  await dialog.getByRole('button', { name: 'Delete entry' }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
  await expect(page.getByTestId('entry-count')).toContainText('0');
  await expect(page.getByText('No entries yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Deleted items' }).click();
  const row = page.getByTestId('deleted-item').filter({ hasText: 'Entry of' });
  await expect(row).toContainText(/removed for good in \d+ years?/);
  // Deleted without a reason: recorded as other.
  await expect(row.getByTestId('deletion-reason')).toHaveText('Reason: Other');
  await expectAccessible(page);
  await row.getByRole('button', { name: /^Recover Entry of/ }).click();
  await expect(page.getByTestId('deleted-item')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('entry-count')).toContainText('1');
  await page.goto(`/entries/${entry.id}`);
  await expect(page.getByLabel('Clinical notes', { exact: true })).toHaveValue('Follow-up visit.');
});

test('consent verified externally, then revoked with a reason', async ({ page }) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('consent') });
  await page.goto(`/patients/${patient.id}`);
  await page.getByRole('button', { name: 'Record consent' }).click();
  await page.getByRole('tab', { name: 'Verified externally' }).click();
  await page.getByRole('combobox', { name: 'How consent was given' }).click();
  await page.getByRole('option', { name: 'Written (on paper)' }).click();
  await page.getByLabel('Note (optional)').fill('Form 12 in the paper file.');
  await page.getByRole('button', { name: 'Save consent' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByText(/Recorded .* \(written\) — Form 12/)).toBeVisible();
  await page.getByRole('button', { name: 'Revoke consent' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (optional)').fill('Patient asked to stop photos.');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Revoke consent' }).click();
  await expect(page.getByText('Revoked', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole('button', { name: 'Revoke consent' })).toHaveCount(0);
});

test('an assistant sees no delete buttons, and the API refuses the deletion anyway', async ({ page }) => {
  await signIn(page, 'assistant');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'vellum_csrf')?.value ?? '';
  const uid = unique('asst');
  const patient = await (
    await page.request.post('/api/patients', { data: { uniqueId: uid }, headers: { 'x-csrf-token': csrf } })
  ).json();
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete patient' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Deleted items' })).toHaveCount(0);
  await page.locator('input[type=file]').setInputFiles([await photo('asst.jpg', { r: 90, g: 90, b: 140 })]);
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^Delete image/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Deleted records' })).toHaveCount(0);
  await page.getByRole('button', { name: 'New entry' }).click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByRole('button', { name: 'Delete entry' })).toHaveCount(0);
  const entryId = page.url().split('/').pop() ?? '';
  const image = (await (await page.request.get(`/api/patients/${patient.id}/images`)).json()).items[0];
  const headers = { 'x-csrf-token': csrf };
  const refused = [
    await page.request.delete(`/api/patients/${patient.id}`, {
      data: { reason: 'duplicate', confirmation: `delete ${uid}` },
      headers,
    }),
    await page.request.delete(`/api/entries/${entryId}`, { headers }),
    await page.request.delete(`/api/images/${image.id}`, { headers }),
  ];
  expect(refused.map((r) => r.status())).toEqual([403, 403, 403]);
  await page.goto('/deleted');
  await expect(page.getByRole('heading', { name: 'Deleted records' })).toHaveCount(0);
});
