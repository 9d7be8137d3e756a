import { expect, type Page, test } from '@playwright/test';
import {
  apiPost,
  csrf,
  expectAccessible,
  photo,
  photoTaken,
  screenshotBoth,
  signIn,
  unique,
  upload,
} from './helpers.ts';

// A clinician follows one mole across three visits: places it on the body map, links the three
// visits' photos to it from the image pool, and compares the first with the latest.

async function patientWithThreeVisits(page: Page) {
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('les'), lastName: 'Naevus' });
  const photos = await upload(page, patient.id, [
    await photoTaken('mole-2025-01.jpg', { r: 150, g: 110, b: 90 }, '2025:01:15 10:00:00'),
    await photoTaken('mole-2025-07.jpg', { r: 140, g: 100, b: 85 }, '2025:07:15 10:00:00'),
    await photoTaken('mole-2026-01.jpg', { r: 120, g: 90, b: 80 }, '2026:01:15 10:00:00'),
  ]);
  const dates = ['2025-01-15T10:00:00.000Z', '2025-07-15T10:00:00.000Z', '2026-01-15T10:00:00.000Z'];
  for (const [i, appointmentAt] of dates.entries()) {
    const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, { appointmentAt });
    const res = await page.request.patch(`/api/entries/${entry.id}`, {
      headers: await csrf(page),
      data: { workspaceImageIds: [photos[i]?.id] },
    });
    expect(res.ok(), await res.text()).toBe(true);
  }
  return patient.id as string;
}

/** Clicks a view of the body map at a point given as fractions of its width and height. */
async function clickMap(page: Page, view: 'front' | 'back', x: number, y: number) {
  const map = page.locator(`svg[data-view="${view}"]`);
  const box = await map.boundingBox();
  if (!box) throw new Error('the body map is not shown');
  await map.click({ position: { x: box.width * x, y: box.height * y } });
}

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a lesion placed on the body map gathers three visits and compares first with latest', async ({
  page,
}) => {
  await signIn(page, 'clinician');
  const patientId = await patientWithThreeVisits(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/patients/${patientId}`);

  await page.getByRole('button', { name: 'New lesion' }).click();
  await clickMap(page, 'back', 0.22, 0.27);
  const dialog = page.getByRole('dialog', { name: 'New lesion' });
  await expect(dialog.getByRole('combobox', { name: 'Site', exact: true })).toHaveValue('Upper arm');
  await expect(dialog).toContainText('Side: left');
  await dialog.getByRole('textbox', { name: 'Diagnosis (optional)' }).fill('Atypical naevus, for follow-up');
  await dialog.getByRole('button', { name: 'Save lesion' }).click();
  const lesions = page.getByRole('region', { name: 'Lesions' });
  await expect(lesions.getByRole('link', { name: 'L1' })).toBeVisible();
  await expect(lesions).toContainText('Left upper arm (back)');
  await expectAccessible(page);

  // Link each visit's photo from the pool's lightbox, as dermoscopic images.
  for (const name of ['mole-2025-01.jpg', 'mole-2025-07.jpg', 'mole-2026-01.jpg']) {
    await page.getByRole('button', { name: `Preview ${name}` }).click();
    const box = page.getByRole('dialog', { name });
    await choose(page, 'Lesion', 'L1');
    await expect(box.getByRole('combobox', { name: 'Lesion', exact: true })).toHaveValue('L1');
    await choose(page, 'Taken as', 'Dermoscopic');
    await expect(box.getByRole('combobox', { name: 'Taken as', exact: true })).toHaveValue('Dermoscopic');
    await expect(box.getByRole('combobox', { name: 'Lesion', exact: true })).toHaveValue('L1');
    await page.keyboard.press('Escape');
    await expect(box).toBeHidden();
  }
  await expect(lesions.getByRole('row', { name: /L1/ })).toContainText('3');

  // The dot on the map opens the lesion; first and latest are compared by default.
  await lesions.getByRole('button', { name: /Lesion L1, monitoring, left upper arm/ }).click();
  await expect(page.getByRole('heading', { name: 'Lesion L1' })).toBeVisible();
  await expect(page.getByTestId('before-label')).toContainText('mole-2025-01.jpg · Taken 15 Jan 2025');
  await expect(page.getByTestId('after-label')).toContainText('mole-2026-01.jpg · Taken 15 Jan 2026');
  await expect(page.getByTestId('time-between')).toContainText('1 year');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('img')).toHaveCount(3);
  await expect(timeline).toContainText('visit 15 Jul 2025');
  await expectAccessible(page);
  await screenshotBoth(page, 'lesion');
});

test('a lesion is deleted from its page and recovered; it survives its patient being deleted and recovered', async ({
  page,
}) => {
  await signIn(page, 'clinician');
  const uid = unique('les-life');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Keratosis' });
  const lesion = await apiPost(page, `/api/patients/${patient.id}/lesions`, {
    site: { view: 'back', x: 0.5, y: 0.35 },
  });
  await page.goto(`/lesions/${lesion.id}`);
  await page.getByRole('button', { name: 'Delete lesion' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('can be recovered there for');
  await expect(dialog).toContainText("Its photos stay in the patient's image pool");
  await dialog.getByRole('checkbox', { name: 'Also delete its photos' }).check();
  await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Recorded twice');
  await dialog.getByRole('button', { name: 'Delete lesion' }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
  await page.getByRole('button', { name: 'Deleted items' }).click();
  await expect(page.getByTestId('deleted-item')).toContainText('Lesion L1');
  await expect(page.getByTestId('deleted-item')).toContainText('(Recorded twice)');
  await page.getByRole('button', { name: 'Recover lesion L1' }).click();
  await expect(page.getByTestId('deleted-item')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // The patient's deletion takes the lesion along and its recovery brings it back.
  const headers = await csrf(page);
  const gone = await page.request.delete(`/api/patients/${patient.id}`, {
    headers,
    data: { reason: 'duplicate', confirmation: `delete ${uid}` },
  });
  expect(gone.ok(), await gone.text()).toBe(true);
  expect((await page.request.get(`/api/lesions/${lesion.id}`)).status()).toBe(410);
  const back = await page.request.post(`/api/patients/${patient.id}/restore`, {
    headers,
    data: { confirmation: `restore ${uid}` },
  });
  expect(back.ok(), await back.text()).toBe(true);
  await page.goto(`/lesions/${lesion.id}`);
  await expect(page.getByRole('heading', { name: 'Lesion L1' })).toBeVisible();
});

test('the patient database filters by the region and status of one lesion', async ({ page }) => {
  await signIn(page, 'clinician');
  const family = unique('Mapped');
  const made = async (name: string, view: 'front' | 'back', status: string) => {
    const p = await apiPost(page, '/api/patients', {
      uniqueId: unique('flt'),
      lastName: family,
      firstName: name,
    });
    // Back 0.5/0.35 is the trunk's back; front 0.5/0.35 the trunk's front.
    await apiPost(page, `/api/patients/${p.id}/lesions`, { site: { view, x: 0.5, y: 0.35 }, status });
    return p;
  };
  await made('Watched', 'back', 'monitoring');
  await made('Treated', 'back', 'excised');
  await made('Front', 'front', 'monitoring');
  await page.goto(`/patients?q=${family}`);
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('combobox', { name: 'Lesion on' }).click();
  await page.getByRole('option', { name: 'Back', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Lesion status' }).click();
  await page.getByRole('option', { name: 'Monitoring', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/lesionRegion=trunk_back/);
  await expect(page).toHaveURL(/lesionStatus=monitoring/);
  const table = page.getByRole('table');
  await expect(table).toContainText('Watched');
  await expect(table).not.toContainText('Treated');
  await expect(table).not.toContainText('Front');
  await expectAccessible(page);
});

test('a photo uploaded on the lesion page goes into that lesion as a dermoscopic photo', async ({ page }) => {
  await signIn(page, 'clinician');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('les-up'), lastName: 'Lentigo' });
  const lesion = await apiPost(page, `/api/patients/${patient.id}/lesions`, {
    site: { view: 'front', x: 0.5, y: 0.35 },
  });
  await page.goto(`/lesions/${lesion.id}`);
  const section = page.getByRole('region', { name: 'Add photos of this lesion' });
  await section.getByText('Dermoscopic', { exact: true }).click();
  await section
    .locator('input[type=file]')
    .setInputFiles([await photo('dermoscopy.jpg', { r: 90, g: 60, b: 50 })]);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('img')).toHaveCount(1);
  await expect(timeline).toContainText('Dermoscopic');
  const linked = await page.request.get(`/api/lesions/${lesion.id}/images`);
  expect((await linked.json()).items).toEqual([
    expect.objectContaining({
      image: expect.objectContaining({ modality: 'dermoscopic', lesionId: lesion.id }),
    }),
  ]);
});
