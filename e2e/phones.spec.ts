import { expect, type Page, test } from '@playwright/test';
import { apiPost, expectAccessible, photo, screenshot, signIn, unique, upload } from './helpers.ts';

// On a phone (390×844, touch) the patient page leads with the photos and the upload button, the
// camera opens directly, and the patient list and Deleted records are cards with every action in reach.

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Nothing on the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  expect(width).toBeLessThanOrEqual(390);
}

/** A button a finger can hit: at least 44 px each way. */
async function expectTouchTarget(page: Page, name: string | RegExp) {
  const box = await page.getByRole('button', { name }).first().boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(44);
  expect(box?.width).toBeGreaterThanOrEqual(44);
}

test('the patient page on a phone starts with the photos and the camera', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('phone');
  const patient = await apiPost(page, '/api/patients', {
    uniqueId: uid,
    firstName: 'Pia',
    lastName: 'Phone',
    address: '1 Long Street, Somewhere',
    note: 'A note long enough to take room on a phone.',
  });
  await upload(page, patient.id, [await photo('phone.jpg', { r: 200, g: 120, b: 90 })]);
  await apiPost(page, `/api/patients/${patient.id}/entries`, { appointmentAt: '2026-04-01T10:00:00.000Z' });
  await page.goto(`/patients/${patient.id}`);

  // The upload and the camera are on the first screen, without scrolling past any form.
  const upload_ = page.getByRole('button', { name: 'Upload images' });
  const camera = page.getByRole('button', { name: 'Take photo' });
  await expect(camera).toBeInViewport();
  await expect(upload_).toBeInViewport();
  await expect(page.locator('input[type=file][capture=environment]')).toHaveCount(1);
  await expect(page.getByTestId('pool-image')).toHaveCount(1);
  // The demographics are folded until asked for.
  await expect(page.getByLabel('First name')).toBeHidden();
  const demographics = page.getByRole('button', { name: /Demographics/ });
  await expect(demographics).toContainText('Pia Phone');
  await expectTouchTarget(page, 'Take photo');
  await expectTouchTarget(page, 'Upload images');
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'patient-phone');
  await demographics.click();
  await expect(page.getByLabel('First name')).toHaveValue('Pia');
  await expectAccessible(page);
  await screenshot(page, 'patient-demographics-phone');

  // The patient list: a card with the counts, the whole card opens the patient.
  await page.goto(`/patients?q=${uid}`);
  const card = page.getByTestId('patient-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('1 entry · 1 image');
  await expect(card).toBeInViewport();
  await expectNoSidewaysScroll(page);
  await expectTouchTarget(page, 'New patient');
  await expectAccessible(page);
  await screenshot(page, 'patients-phone');
  await card.click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
});

test('Deleted records on a phone: cards with the countdown and Recover', async ({ page }) => {
  await signIn(page, 'clinician');
  const uid = unique('gone');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Gone' });
  const res = await page.request.delete(`/api/patients/${patient.id}`, {
    data: { reason: 'duplicate', confirmation: `delete ${uid}` },
    headers: {
      'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'vellum_csrf')?.value ?? '',
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto('/deleted');
  await page.getByText('Most recently deleted first').click();
  const card = page.getByTestId('deleted-card').filter({ hasText: uid });
  await expect(card).toContainText('Removed for good in');
  const recover = card.getByRole('button', { name: `Recover ${uid}` });
  await expect(recover).toBeInViewport();
  const box = await recover.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(44);
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'deleted-phone');
  await recover.click();
  const dialog = page.getByRole('dialog', { name: `Recover patient ${uid}` });
  await dialog.getByRole('textbox').fill(`restore ${uid}`);
  await dialog.getByRole('button', { name: 'Recover patient' }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
});
