import { expect, type Page, test } from '@playwright/test';
import {
  apiPost,
  createUserWithPassword,
  csrf,
  expectAccessible,
  photo,
  screenshotBoth,
  signIn,
  unique,
} from './helpers.ts';
import { englishLeft, fr, frPattern } from './translations.ts';
import { PASSWORD } from './users.ts';

// French throughout one clinical flow: a clinician whose language is French signs in, and the
// patient list, a new patient, its page with an upload, an entry with notes and a comparison, and
// Deleted records are all in French (headings found through the app's own translations), with no
// English word of the UI left on screen and no serious accessibility violation. Then the main
// pages are photographed at 1440×900 and 390×844 in both languages (screenshots/i18n-*).

const email = `${unique('medecin')}@e2e.test`;
// Words the test itself puts on screen are data, not UI.
const data = (...values: string[]) => [email, 'E2E', ...values];

async function setLanguage(page: Page, language: 'en' | 'fr' | null) {
  const res = await page.request.patch('/api/auth/me', { data: { language }, headers: await csrf(page) });
  expect(res.status(), await res.text()).toBe(200);
}

/** The page is French: `<html lang>`, its main heading, no English UI word, accessible. */
async function expectFrench(page: Page, heading: string | RegExp, values: string[], otherRows?: string) {
  await expect(page.getByRole('heading', { level: 1 }).first()).toHaveText(heading);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // The pages' data is settled before the words are read: no placeholder is still loading.
  await expect(page.locator('.mantine-Skeleton-root')).toHaveCount(0);
  let visible = await page.locator('body').innerText();
  // Rows of records other specs made (their names are data in any language) are left out, except
  // the row that names this test's own record.
  if (otherRows)
    for (const row of await page.locator('tbody tr').allInnerTexts())
      if (!row.includes(otherRows)) visible = visible.replace(row, ' ');
  expect.soft(englishLeft(visible, data(...values)), `English left on ${page.url()}`).toEqual([]);
  await expectAccessible(page);
}

test('a French clinician goes through a clinical flow in French', async ({ page }) => {
  test.slow();
  await signIn(page, 'admin');
  await createUserWithPassword(page, { email, role: 'clinician' });
  // The clinician's own choice, kept on the server: it follows the clinician to any browser.
  await page.context().clearCookies();
  const login = await page.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  await setLanguage(page, 'fr');
  await page.request.post('/api/auth/logout', { headers: await csrf(page) });

  // The sign-in page is in the browser's language (English here) until the clinician is known.
  await page.context().clearCookies();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // The patient list, and a new patient.
  // Searched for the patient about to be made: other specs' patients (their names are data in any
  // language) stay off the screen whose words are checked.
  const uid = unique('fr');
  await page.goto(`/patients?q=${uid}`);
  await expectFrench(page, fr('Patients'), []);
  await page.getByRole('button', { name: fr('New patient') }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByLabel(fr('Unique ID')).first().fill(uid);
  await dialog.getByRole('button', { name: fr('Create patient') }).click();
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  const patientUrl = page.url();

  // The patient page, with two photos uploaded.
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([
      await photo('avant.jpg', { r: 200, g: 120, b: 100 }),
      await photo('apres.jpg', { r: 150, g: 170, b: 120 }),
    ]);
  await expect(page.getByTestId('pool-image')).toHaveCount(2);
  await expectFrench(page, uid, [uid, 'avant', 'apres', 'jpg']);

  // An entry with notes, its workspace holding both photos.
  await page.getByRole('button', { name: fr('New entry') }).click();
  await expect(page).toHaveURL(/\/entries\//);
  const entryId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  for (const name of ['avant.jpg', 'apres.jpg'])
    await page.getByLabel(fr('In workspace: {{name}}', name)).check();
  await page.getByLabel(fr('Clinical notes'), { exact: true }).fill('Rougeur nettement diminuée.');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expectFrench(page, frPattern('Entry of {{date}}'), [uid, 'avant', 'apres', 'jpg']);

  // A comparison of the two photos, seen after a reload: before and after, in French.
  const entry = await (await page.request.get(`/api/entries/${entryId}`)).json();
  const res = await page.request.patch(`/api/entries/${entryId}`, {
    data: { comparisons: [{ name: 'Semaine 0 à 6', imageIds: entry.workspaceImageIds }] },
    headers: await csrf(page),
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('comparison')).toContainText('Semaine 0 à 6');
  await expectFrench(page, frPattern('Entry of {{date}}'), [uid, 'avant', 'apres', 'jpg', 'Semaine']);

  // Deleted records, once the patient is deleted.
  const patientId = new URL(patientUrl).pathname.split('/').pop();
  const deletion = await page.request.delete(`/api/patients/${patientId}`, {
    data: { reason: 'duplicate', confirmation: `delete ${uid}` },
    headers: await csrf(page),
  });
  expect(deletion.status(), await deletion.text()).toBe(200);
  await page.goto('/deleted');
  await expect(page.getByText(uid).first()).toBeVisible();
  await expectFrench(page, fr('Deleted records'), [uid], uid);
});

test('the main pages in English and in French, at desktop and phone sizes', async ({ page }) => {
  test.slow();
  await signIn(page, 'clinician2');
  const uid = unique('shots');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Moreau' });
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:30:00Z',
    notes: 'Contrôle à 6 semaines.',
  });
  const pages = [
    ['patients', '/patients'],
    ['patient', `/patients/${patient.id}`],
    ['entry', `/entries/${entry.id}`],
    ['deleted', '/deleted'],
    ['security', '/security'],
  ] as const;
  try {
    for (const language of ['fr', 'en'] as const) {
      await setLanguage(page, language);
      for (const [name, url] of pages) {
        await page.goto(url);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
        await screenshotBoth(page, `i18n-${language}-${name}`);
      }
    }
  } finally {
    await setLanguage(page, null);
  }
});
