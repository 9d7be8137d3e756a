import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, photo, screenshotBoth, signIn, unique, upload } from './helpers.ts';

// A burst of typing is one version and one audit event, and history and activity say in words
// what happened, with the notes' changes word by word; no event codes or JSON on screen.

test('typing a note is one version, said in words, with the words that changed', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('words');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Words' });
  await upload(page, patient.id, [await photo('shoulder.jpg', { r: 190, g: 140, b: 120 })]);
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00.000Z',
    notes: 'Healing well.',
  });
  await page.goto(`/entries/${entry.id}`);
  const notes = page.getByLabel('Clinical notes', { exact: true });
  await notes.click();
  await notes.press('End');
  // Autosave sends every keystroke.
  await notes.pressSequentially(' No sign of infection.', { delay: 15 });
  await page.getByLabel('In workspace: shoulder.jpg').check();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: /^History of / });
  const versions = drawer.getByTestId('history-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('Notes changed, image added to workspace');
  await expect(versions.nth(1)).toContainText('Version 1 · Created');
  const diff = drawer.getByTestId('notes-diff');
  await expect(diff).toContainText('Healing well. No sign of infection.');
  await expect(diff.locator('ins')).toContainText('No sign of infection.');
  await expectAccessible(page);
  await screenshotBoth(page, 'history-entry');
  await page.keyboard.press('Escape');

  // The patient's activity, in words: one event for the 22 keystrokes, and one more when the
  // burst went on to a field its event did not name (the audit chain is append-only).
  await page.goto(`/patients/${patient.id}`);
  const activity = page.getByRole('table', { name: 'Patient activity' });
  const changes = activity.getByRole('row').filter({ hasText: 'Entry changed' });
  await expect(changes.getByRole('cell', { name: /^Entry changed/ })).toHaveText([
    'Entry changed: Clinical notes, Workspace images',
    'Entry changed: Clinical notes',
  ]);
  await expect(activity).toContainText('Patient created');
  await expect(activity).not.toContainText('entry.update');
  await expect(activity).not.toContainText('{');
});
