import { type Browser, expect, type Page, test, type WebSocketRoute } from '@playwright/test';
import { apiPost, expectAccessible, screenshot, signIn, unique } from './helpers.ts';

// Page group 4: two browsers on one entry see each other's changes live, and a change made in
// both at once is never silently lost: the second editor is told and chooses.

async function twoEditors(browser: Browser, setUpB?: (page: Page) => Promise<void>) {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await signIn(pageA, 'clinician');
  await signIn(pageB, 'clinician2');
  await setUpB?.(pageB);
  const patient = await apiPost(pageA, '/api/patients', { uniqueId: unique('live') });
  const entry = await apiPost(pageA, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00Z',
  });
  await pageA.goto(`/entries/${entry.id}`);
  await pageB.goto(`/entries/${entry.id}`);
  for (const p of [pageA, pageB]) {
    await expect(p.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  }
  return { pageA, pageB, close: () => Promise.all([a.close(), b.close()]) };
}

test('two browser contexts edit one entry live', async ({ browser }) => {
  const { pageA, pageB, close } = await twoEditors(browser);
  await pageA.getByLabel('Clinical notes', { exact: true }).fill('Typed in browser A.');
  await expect(pageA.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(pageB.getByLabel('Clinical notes', { exact: true })).toHaveValue('Typed in browser A.');
  await expect(pageB.getByTestId('changed-elsewhere')).toContainText('clinician@e2e.test');

  // And back the other way; a collapsed section is remembered for the entry.
  await pageB.getByLabel('Clinical notes', { exact: true }).fill('Typed in browser A. Checked by B.');
  await expect(pageA.getByLabel('Clinical notes', { exact: true })).toHaveValue(
    'Typed in browser A. Checked by B.',
  );
  await pageB.getByRole('button', { name: /Comparisons/ }).click();
  await expect(pageB.getByRole('button', { name: /Comparisons/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  // Another editor's folding does not fold A's page.
  await expect(pageA.getByRole('button', { name: /Comparisons/ })).toHaveAttribute('aria-expanded', 'true');
  await pageB.reload();
  await expect(pageB.getByRole('button', { name: /Comparisons/ })).toHaveAttribute('aria-expanded', 'false');
  await close();
});

test('an appointment changed elsewhere while being typed here asks which one to keep', async ({
  browser,
}) => {
  const { pageA, pageB, close } = await twoEditors(browser);
  // B types a new appointment and is still in the field...
  await pageB.getByLabel('Appointment', { exact: true }).fill('2026-04-03T14:15');
  // ...when A saves another one.
  await pageA.getByLabel('Appointment', { exact: true }).fill('2026-04-02T09:30');
  await pageA.getByLabel('Appointment', { exact: true }).press('Enter');
  await expect(pageA.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  const notice = pageB.getByTestId('appointment-conflict');
  await expect(notice).toContainText('clinician@e2e.test changed the appointment');
  await expect(notice).toContainText('2 Apr 2026, 09:30');
  // What B typed is still there, unsaved.
  await expect(pageB.getByLabel('Appointment', { exact: true })).toHaveValue('2026-04-03T14:15');
  await expectAccessible(pageB);
  await screenshot(pageB, 'entry-appointment-conflict');
  await notice.getByRole('button', { name: 'Save my appointment' }).click();
  await expect(notice).toHaveCount(0);
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  // A sees B's choice, and who made it.
  await expect(pageA.getByLabel('Appointment', { exact: true })).toHaveValue('2026-04-03T14:15');
  await expect(pageA.getByText('Last changed by clinician2@e2e.test')).toBeVisible();
  await close();
});

test('notes typed offline while someone else changed them are kept on screen until the editor chooses', async ({
  browser,
}) => {
  let cut = false;
  let socket: WebSocketRoute | undefined;
  const { pageA, pageB, close } = await twoEditors(browser, (page) =>
    // B's live connection goes through here so the test can take it away and give it back.
    page.routeWebSocket(/\/api\/live$/, (ws) => {
      if (cut) {
        void ws.close();
        return;
      }
      ws.connectToServer();
      socket = ws;
    }),
  );
  cut = true;
  await socket?.close();
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'offline');
  await pageB.getByLabel('Clinical notes', { exact: true }).fill('Written by B while offline.');
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'offline');
  await pageA.getByLabel('Clinical notes', { exact: true }).fill('Written by A meanwhile.');
  await expect(pageA.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  cut = false;
  const conflict = pageB.getByTestId('conflict');
  await expect(conflict).toHaveAttribute('data-field', 'notes', { timeout: 20_000 });
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'conflict');
  await expect(conflict).toContainText('Written by A meanwhile.');
  await expect(conflict).toContainText('Written by B while offline.');
  await expect(pageB.getByLabel('Clinical notes', { exact: true })).toHaveValue(
    'Written by B while offline.',
  );
  // Nothing of B's reached A yet.
  await expect(pageA.getByLabel('Clinical notes', { exact: true })).toHaveValue('Written by A meanwhile.');
  await expectAccessible(pageB);
  await screenshot(pageB, 'entry-notes-conflict');

  await conflict.getByRole('button', { name: 'Keep mine (clinical notes)' }).click();
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(pageA.getByLabel('Clinical notes', { exact: true })).toHaveValue(
    'Written by B while offline.',
  );
  await close();
});

test('an entry deleted elsewhere while open says so at once, and on reopening', async ({ browser }) => {
  const { pageA, pageB, close } = await twoEditors(browser);
  await expect(pageB.getByLabel('Clinical notes', { exact: true })).toBeVisible();
  await pageA.getByRole('button', { name: 'Delete entry' }).click();
  await pageA.getByRole('dialog').getByRole('button', { name: 'Delete entry' }).click();
  await expect(pageA).toHaveURL(/\/patients\/[^/]+$/);

  // B still has it open and types nothing: it is told at once, and offered no editing.
  const notice = pageB.getByRole('alert').filter({ hasText: 'This entry cannot be edited' });
  await expect(notice).toContainText('This entry was deleted.');
  await expect(pageB.getByLabel('Clinical notes', { exact: true })).toHaveCount(0);
  await expectAccessible(pageB);
  await screenshot(pageB, 'entry-deleted-elsewhere');
  await notice.getByRole('link', { name: 'Back to the patient' }).click();
  await expect(pageB).toHaveURL(/\/patients\/[^/]+$/);

  await pageB.goBack();
  await expect(pageB.getByRole('alert').filter({ hasText: 'This entry cannot be edited' })).toContainText(
    'This entry was deleted.',
  );
  await close();
});

test('an entry expunged while open says at once that it no longer exists', async ({ browser, page }) => {
  const { pageA, close } = await twoEditors(browser);
  const entryId = pageA.url().split('/').pop() ?? '';
  await expect(pageA.getByLabel('Clinical notes', { exact: true })).toBeVisible();
  await signIn(page, 'root');
  await apiPost(page, `/api/entries/${entryId}/expunge`, {});
  await expect(pageA.getByLabel('Clinical notes', { exact: true })).toHaveCount(0);
  await expect(pageA.getByRole('alert').filter({ hasText: 'This entry cannot be edited' })).toContainText(
    'This entry no longer exists: it was removed for good.',
  );
  await close();
});
