import { expect, test } from '@playwright/test';
import { apiPost, photo, signIn, unique, upload } from './helpers.ts';

// On a slow network the patient page shows placeholders while its entries and images load, and
// says "No entries yet" or "No images yet" only when the answers say so.

test('a slow network shows placeholders, never "No entries yet" for a patient with entries', async ({
  page,
}) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('slow'), lastName: 'Slow' });
  await upload(page, patient.id, [await photo('slow.jpg', { r: 90, g: 140, b: 180 })]);
  await apiPost(page, `/api/patients/${patient.id}/entries`, { appointmentAt: '2026-04-01T10:00:00.000Z' });
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/api\/patients\/[^/]+\/(entries|images)$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByTestId('entries-loading')).toBeVisible();
  await expect(page.getByTestId('images-loading')).toBeVisible();
  await expect(page.getByText('No entries yet.')).toHaveCount(0);
  await expect(page.getByText('No images yet.')).toHaveCount(0);
  release();
  await expect(
    page
      .getByRole('link', { name: '1 Apr 2026, 10:00' })
      .or(page.getByRole('link', { name: /Apr 2026/ }))
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
  await expect(page.getByText('No entries yet.')).toHaveCount(0);
});

test('on a slowed network the frame comes first, then the patient outline, then the patient', async ({
  page,
}) => {
  await signIn(page, 'clinician');
  const uid = unique('outline');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Outline' });
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let releaseTags: () => void = () => undefined;
  const tagsHeld = new Promise<void>((resolve) => {
    releaseTags = resolve;
  });
  await page.route(new RegExp(`/api/patients/${patient.id}$`), async (route) => {
    await delay(1500);
    await route.continue();
  });
  await page.route(/\/api\/tags$/, async (route) => {
    await tagsHeld;
    await route.continue();
  });
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByTestId('patient-loading')).toBeVisible();
  await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();
  await expect(page.getByTestId('patient-loading')).toHaveCount(0);
  // The tag picker is an outline until the tags are known, never "No tags defined yet" meanwhile.
  await expect(page.getByTestId('tag-picker-loading')).toBeVisible();
  await expect(page.getByText('No tags defined yet')).toHaveCount(0);
  releaseTags();
  await expect(page.getByRole('combobox', { name: 'Patient tags' })).toBeVisible();
});
