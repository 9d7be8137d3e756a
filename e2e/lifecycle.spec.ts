import { expect, test } from '@playwright/test';
import { expectAccessible, photo, screenshot, signIn, unique } from './helpers.ts';

// Page groups 3–5: the patient page, the entry page and Deleted Records, end to end: create a
// patient, upload images, build an entry with a comparison, delete the patient, recover it, and
// find everything back.

test('create → upload → entry with comparison → delete → recover → everything is back', async ({ page }) => {
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

  // Batch upload: two photos kept, a text file rejected with its reason.
  await page
    .locator('input[type=file]')
    .setInputFiles([
      await photo('before.jpg', { r: 200, g: 120, b: 100 }),
      await photo('after.jpg', { r: 150, g: 170, b: 120 }),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
    ]);
  await expect(page.locator('[data-state=done]')).toHaveCount(2);
  await expect(page.locator('[data-state=rejected]')).toContainText('Rejected');
  await expect(page.getByTestId('pool-image')).toHaveCount(2);
  await expect(page.getByTestId('image-count')).toContainText('2');
  await expectAccessible(page);
  await screenshot(page, 'patient');

  // An entry whose workspace holds both images and a comparison of them.
  await page.getByRole('button', { name: 'New entry' }).click();
  await expect(page.getByRole('heading', { name: /^Entry of/ })).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  for (const name of ['before.jpg', 'after.jpg']) await page.getByLabel(`In workspace: ${name}`).check();
  for (const name of ['before.jpg', 'after.jpg'])
    await page.getByLabel(`Select for comparison: ${name}`).check();
  await page.getByLabel('Comparison name').fill('Week 0 to 6');
  await page.getByRole('button', { name: /Create comparison/ }).click();
  await expect(page.getByTestId('comparison')).toContainText('Week 0 to 6');
  await page.getByLabel('Clinical notes').fill('Healing well.');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByRole('slider', { name: /Before\/after divider/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'entry');
  const entryUrl = page.url();

  // Delete the patient with its phrase.
  await page.getByRole('link', { name: `← ${uid}` }).click();
  await page.getByRole('button', { name: 'Delete patient' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Delete patient' })).toBeDisabled();
  await dialog.getByLabel('Confirmation phrase').fill(`delete ${uid}`);
  await dialog.getByRole('button', { name: 'Delete patient' }).click();
  await expect(page).toHaveURL(/\/patients$/);

  // Deleted Records: who, when, the countdown; recover with its phrase.
  await page.getByRole('link', { name: 'Deleted records' }).click();
  const row = page.getByRole('row', { name: new RegExp(uid) });
  await expect(row).toContainText('clinician@e2e.test');
  await expect(row).toContainText(/in \d+ years?/);
  await expectAccessible(page);
  await screenshot(page, 'deleted-records');
  await row.getByRole('button', { name: `Recover ${uid}` }).click();
  await page.getByRole('dialog').getByLabel('Confirmation phrase').fill(`restore ${uid}`);
  await page.getByRole('dialog').getByRole('button', { name: 'Recover patient' }).click();

  // Everything is back: counts, images, consent, the entry with its comparison and notes.
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  await expect(page.getByTestId('image-count')).toContainText('2');
  await expect(page.getByTestId('entry-count')).toContainText('1');
  await expect(page.getByTestId('pool-image')).toHaveCount(2);
  await page.goto(entryUrl);
  await expect(page.getByTestId('comparison')).toContainText('Week 0 to 6');
  await expect(page.getByLabel('Clinical notes')).toHaveValue('Healing well.');
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
  await expect(page.getByTestId('pool-image')).toHaveCount(0);
  await page.getByRole('button', { name: 'Deleted items' }).click();
  await expect(page.getByTestId('deleted-item')).toContainText(/removed for good in \d+ years?/);
  await screenshot(page, 'deleted-items');
  await page.getByRole('button', { name: 'Recover mole.jpg' }).click();
  await expect(page.getByTestId('deleted-item')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
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
  const res = await page.request.delete(`/api/patients/${patient.id}`, {
    data: { confirmation: `delete ${uid}` },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status()).toBe(403);
});
