import { expect, type Locator, type Page, test } from '@playwright/test';
import { apiPost, csrf, expectAccessible, photo, screenshot, signIn, unique } from './helpers.ts';
import { USERS } from './users.ts';

// Versions and history (PRODUCT.md §6) in the web app: the history drawer of a patient, an entry
// and an image, each record's ID, and the lightbox's previous / next through the pool.

const LONG_NOTE = `Referred for a mole on the left shoulder. ${'Monitor size, colour and border. '.repeat(8)}End.`;

/** The browser's clipboard as far as this spec needs it (the tests are typed without DOM). */
type ClipboardWindow = { navigator: { clipboard: { readText(): Promise<string> } } };

/** The history drawer, opened by the page's History button. */
async function openHistory(page: Page, scope: Page | Locator = page): Promise<Locator> {
  await scope.getByRole('button', { name: 'History', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: /^History of / });
  await expect(drawer).toBeVisible();
  return drawer;
}

/** The row of the changed-fields table for one field: its label, old value, → new value. */
const changeRow = (drawer: Locator, label: string) =>
  drawer.getByTestId('history-changes').getByRole('row').filter({ hasText: label });

test('patient history: three versions, who and what changed, old → new', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('hist');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, firstName: 'Ann' });
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  await expect(page.getByTestId('record-id')).toContainText(patient.id);
  await expect(page.getByRole('button', { name: 'Copy record ID' })).toBeVisible();

  // Two edits: a new first name, then a long note.
  await page.getByLabel('First name').fill('Anne');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText('Unsaved change')).toHaveCount(0);
  await expect(page.getByText('version 2', { exact: true })).toBeVisible();
  await page.getByLabel('Note').fill(LONG_NOTE);
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText('version 3', { exact: true })).toBeVisible();

  const drawer = await openHistory(page);
  const versions = drawer.getByTestId('history-version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toContainText('Version 3 · Note changed');
  await expect(versions.nth(1)).toContainText('Version 2 · First name changed');
  await expect(versions.nth(2)).toContainText('Version 1 · Created');
  for (let i = 0; i < 3; i++) await expect(versions.nth(i)).toContainText(USERS.clinician.email);

  // The newest is shown first: the note, cut short until asked for in full.
  await expect(versions.nth(0)).toHaveAttribute('aria-current', 'true');
  const note = changeRow(drawer, 'Note');
  await expect(note).toContainText('Referred for a mole');
  await expect(note).not.toContainText('End.');
  await note.getByRole('button', { name: 'Show all of Note' }).click();
  await expect(note).toContainText('End.');
  await screenshot(page, 'history-patient-changes');
  await expect(drawer.getByTestId('history-changes').getByRole('row')).toHaveCount(2);

  // Version 2 by keyboard: the first name, old → new, and the whole record then.
  await versions.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(versions.nth(1)).toHaveAttribute('aria-current', 'true');
  const firstName = changeRow(drawer, 'First name');
  await expect(firstName.getByRole('cell')).toHaveText(['First name', 'Ann', '→ Anne']);
  const snapshot = drawer.getByTestId('history-snapshot');
  await expect(snapshot.getByRole('row').filter({ hasText: 'Unique ID' })).toContainText(uid);
  await expect(snapshot.getByRole('row').filter({ hasText: 'Note' })).toContainText('—');

  // Version 1 has nothing before it.
  await versions.nth(2).click();
  await expect(drawer.getByTestId('history-details')).toContainText('The first version');
  await expectAccessible(page);
  await screenshot(page, 'history-patient');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // Deleted, the patient answers 410, and its history, deletion included, stays readable.
  const deleted = await page.request.delete(`/api/patients/${patient.id}`, {
    data: { reason: 'duplicate', confirmation: `delete ${uid}` },
    headers: await csrf(page),
  });
  expect(deleted.ok(), await deleted.text()).toBe(true);
  await page.reload();
  await expect(page.getByText('This patient was deleted')).toBeVisible();
  await expect(page.getByTestId('record-id')).toContainText(patient.id);
  const after = await openHistory(page);
  await expect(after.getByTestId('history-version')).toHaveCount(4);
  await expect(after.getByTestId('history-version').first()).toContainText('Version 4 · Deleted');
  await expect(after.getByTestId('history-details')).toContainText(
    'No field changed: the record was deleted.',
  );
});

test('entry history after a live edit', async ({ page }) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('hist-entry') });
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00Z',
  });
  await page.goto(`/entries/${entry.id}`);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('record-id')).toContainText(entry.id);
  // Copied as it is, for an operator's expunge.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy record ID' }).click();
  await expect(page.getByRole('button', { name: 'Record ID copied' })).toBeVisible();
  expect(
    await page.evaluate(() => (globalThis as unknown as ClipboardWindow).navigator.clipboard.readText()),
  ).toBe(entry.id);
  await page.getByLabel('Clinical notes', { exact: true }).fill('Healing well.');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  const drawer = await openHistory(page);
  const versions = drawer.getByTestId('history-version');
  await expect(versions.last()).toContainText('Version 1 · Created');
  await expect(versions.first()).toContainText('Notes changed');
  await expect(versions.first()).toContainText(USERS.clinician.email);
  await expect(changeRow(drawer, 'Clinical notes').getByRole('cell')).toHaveText([
    'Clinical notes',
    '—',
    '→ Healing well.',
  ]);
  await expectAccessible(page);
  await screenshot(page, 'history-entry');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // Deleted, its history is read from the patient's Deleted Items.
  const deleted = await page.request.delete(`/api/entries/${entry.id}`, { headers: await csrf(page) });
  expect(deleted.ok(), await deleted.text()).toBe(true);
  await page.goto(`/patients/${patient.id}`);
  await page.getByRole('button', { name: 'Deleted items' }).click();
  const deletedItems = page.getByRole('dialog', { name: 'Deleted items' });
  await deletedItems.getByRole('button', { name: /^History of Entry of/ }).click();
  const after = page.getByRole('dialog', { name: /^History of the entry of/ });
  await expect(after.getByTestId('history-version').first()).toContainText('Deleted');
  await expect(after.getByTestId('history-version').first()).toContainText(USERS.clinician.email);
  await expectAccessible(page);
  await screenshot(page, 'history-deleted-entry');
  // Escape closes the history, not the Deleted Items under it.
  await page.keyboard.press('Escape');
  await expect(after).toHaveCount(0);
  await expect(deletedItems).toBeVisible();
});

test('image history after a caption change; the lightbox steps through the pool by keys', async ({
  page,
}) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('hist-image') });
  await page.goto(`/patients/${patient.id}`);
  await page
    .locator('input[type=file]')
    .setInputFiles([
      await photo('one.jpg', { r: 200, g: 120, b: 100 }),
      await photo('two.jpg', { r: 170, g: 150, b: 110 }),
      await photo('three.jpg', { r: 150, g: 170, b: 120 }),
    ]);
  await expect(page.getByTestId('pool-image')).toHaveCount(3);
  await page.getByLabel('Caption of two.jpg').fill('Left shoulder');
  await page.getByLabel('Caption of two.jpg').press('Enter');
  const previews = page.getByRole('button', { name: /^Preview / });
  await expect(previews.filter({ has: page.getByRole('img', { name: 'Left shoulder' }) })).toHaveCount(1);
  // The pool's display order, as the lightbox must step through it.
  const order = await previews.evaluateAll((els) =>
    els.map((e) => (e.getAttribute('aria-label') ?? '').replace(/^Preview /, '')),
  );
  expect(order).toHaveLength(3);

  await previews.first().click();
  const lightbox = page.getByRole('dialog', { name: order[0] });
  await expect(lightbox.getByTestId('lightbox-counter')).toHaveText('1 of 3');
  await expect(lightbox.getByRole('button', { name: 'Previous image' })).toBeDisabled();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: order[1] }).getByTestId('lightbox-counter')).toHaveText(
    '2 of 3',
  );
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: order[2] }).getByTestId('lightbox-counter')).toHaveText(
    '3 of 3',
  );
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lightbox-counter')).toHaveText('3 of 3');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('lightbox-counter')).toHaveText('2 of 3');
  await page.getByRole('button', { name: 'Previous image' }).click();
  await expect(page.getByTestId('lightbox-counter')).toHaveText('1 of 3');
  await page.getByRole('button', { name: 'Next image' }).click();
  await expect(page.getByTestId('lightbox-counter')).toHaveText('2 of 3');

  // Step to the captioned image; it shows its caption, record ID and history.
  const at = order.indexOf('Left shoulder');
  for (let i = 1; i < at; i++) await page.keyboard.press('ArrowRight');
  for (let i = 1; i > at; i--) await page.keyboard.press('ArrowLeft');
  const captioned = page.getByRole('dialog', { name: 'Left shoulder' });
  await expect(captioned.getByTestId('lightbox-caption')).toHaveText('Left shoulder');
  await expect(captioned.getByTestId('lightbox-counter')).toHaveText(`${at + 1} of 3`);
  await expect(captioned.getByTestId('record-id')).toContainText(/[0-9a-f-]{36}/);
  await screenshot(page, 'lightbox');

  const drawer = await openHistory(page, captioned);
  const versions = drawer.getByTestId('history-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('Version 2 · Caption changed');
  await expect(versions.nth(1)).toContainText('Version 1 · Created');
  await expect(changeRow(drawer, 'Caption').getByRole('cell')).toHaveText([
    'Caption',
    '—',
    '→ Left shoulder',
  ]);
  // Arrow keys belong to the drawer while it is open: the lightbox stays on its image.
  await page.keyboard.press('ArrowRight');
  await expect(captioned.getByTestId('lightbox-counter')).toHaveText(`${at + 1} of 3`);
  await expectAccessible(page);
  await screenshot(page, 'history-image');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(captioned).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
