import { expect, test } from '@playwright/test';
import { apiPost, createUserWithPassword, csrf, screenshot, signIn, unique } from './helpers.ts';
import { PASSWORD } from './users.ts';

// Access that ends: the warning a minute before an idle session is signed out, and an open entry
// that says so when the server closes its live socket because the user's access changed.

test('a minute before an idle session ends the app asks whether you are still there', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'clinician');
  await page.goto('/patients');
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  // Every request counts as activity: the page's own reads must be over before the clock moves.
  await page.waitForLoadState('networkidle');
  const dialog = page.getByRole('dialog', { name: 'Still there?' });
  // The server ends a session after 30 minutes without a request (the default).
  await page.clock.fastForward('28:00');
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('01:10');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/signed out in \d+ seconds because nothing was done/);
  await screenshot(page, 'idle-warning');
  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog).toBeHidden();
  // The request it made counts: no warning again until another 29 minutes have passed.
  await page.clock.fastForward('05:00');
  await expect(dialog).toBeHidden();
});

test('an open entry says access ended when an administrator changes the user’s role', async ({
  browser,
  page,
}) => {
  await signIn(page, 'admin');
  const email = `${unique('ended')}@e2e.test`;
  const user = await createUserWithPassword(page, { email, role: 'clinician' });
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('ended') });
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00Z',
  });

  const context = await browser.newContext();
  const editor = await context.newPage();
  const login = await editor.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  await editor.goto(`/entries/${entry.id}`);
  await expect(editor.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  const changed = await page.request.patch(`/api/users/${user.id}`, {
    data: { role: 'assistant' },
    headers: await csrf(page),
  });
  expect(changed.status(), await changed.text()).toBe(200);
  await expect(editor.getByText(/Your access ended/)).toBeVisible();
  await screenshot(editor, 'entry-access-ended');
  await context.close();
});
