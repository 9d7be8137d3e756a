import { expect, type Page, test } from '@playwright/test';
import {
  apiPost,
  csrf,
  expectAccessible,
  photoTaken,
  screenshotBoth,
  signIn,
  unique,
  upload,
} from './helpers.ts';

// Comparisons of an entry as they look every time it is opened: after a reload, in a second
// browser, two photos under the before/after slider, three or four side by side with their dates.

async function entryWithComparisons(page: Page) {
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('cmp'), lastName: 'Compare' });
  const [week0, week3, week6, week9] = await upload(page, patient.id, [
    await photoTaken('week0.jpg', { r: 200, g: 120, b: 100 }, '2026:01:10 10:00:00'),
    await photoTaken('week3.jpg', { r: 180, g: 140, b: 110 }, '2026:01:31 10:00:00'),
    await photoTaken('week6.jpg', { r: 160, g: 160, b: 120 }, '2026:02:21 10:00:00'),
    await photoTaken('week9.jpg', { r: 140, g: 180, b: 130 }, '2026:03:14 10:00:00'),
  ]);
  const ids = [week0, week3, week6, week9].map((im) => im?.id ?? '');
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-03-14T10:00:00.000Z',
  });
  const res = await page.request.patch(`/api/entries/${entry.id}`, {
    headers: await csrf(page),
    data: {
      workspaceImageIds: ids,
      comparisons: [
        { name: 'Week 0 to 9', imageIds: [ids[0], ids[3]] },
        { name: 'Every visit', imageIds: ids },
      ],
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return entry.id as string;
}

/** Both groups as they must look whenever the entry is opened. */
async function expectComparisons(page: Page) {
  const pair = page.getByTestId('comparison').nth(0);
  const grid = page.getByTestId('comparison').nth(1);
  await expect(pair).toContainText('Week 0 to 9');
  await expect(pair.getByRole('slider', { name: 'Before/after divider of Week 0 to 9' })).toBeVisible();
  await expect(pair.getByRole('img', { name: 'Before: week0.jpg' })).toBeVisible();
  await expect(pair.getByRole('img', { name: 'After: week9.jpg' })).toBeVisible();
  await expect(pair.getByTestId('before-label')).toHaveText('Before: week0.jpg · Taken 10 Jan 2026');
  await expect(pair.getByTestId('after-label')).toHaveText('After: week9.jpg · Taken 14 Mar 2026');
  // Before is on the left: its label starts left of the after label.
  const beforeBox = await pair.getByTestId('before-label').boundingBox();
  const afterBox = await pair.getByTestId('after-label').boundingBox();
  expect(beforeBox && afterBox && beforeBox.x < afterBox.x).toBe(true);

  await expect(grid).toContainText('Every visit');
  await expect(grid.getByRole('slider')).toHaveCount(0);
  const photos = grid.getByTestId('comparison-grid').getByRole('img');
  await expect(photos).toHaveCount(4);
  await expect(grid.getByRole('figure')).toHaveText([
    /1\. week0\.jpg\s*Taken 10 Jan 2026/,
    /2\. week3\.jpg\s*Taken 31 Jan 2026/,
    /3\. week6\.jpg\s*Taken 21 Feb 2026/,
    /4\. week9\.jpg\s*Taken 14 Mar 2026/,
  ]);
  await expect(page.getByText(/no longer in the pool/)).toHaveCount(0);
}

test('comparisons hold after a reload and in a second browser', async ({ page, browser }) => {
  await signIn(page, 'clinician');
  const entryId = await entryWithComparisons(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/entries/${entryId}`);
  await expectComparisons(page);
  // Side by side on a desktop: the four photos share one row.
  const tops = await page
    .getByTestId('comparison-grid')
    .getByRole('img')
    .evaluateAll((imgs) => imgs.map((i) => Math.round(i.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);

  await page.reload();
  await expectComparisons(page);
  await expectAccessible(page);
  await screenshotBoth(page, 'comparisons');

  // A colleague opens the entry fresh in another browser.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signIn(second, 'clinician2');
  await second.goto(`/entries/${entryId}`);
  await expectComparisons(second);
  await other.close();
});

test('a slow image pool shows placeholders, then the comparisons', async ({ page }) => {
  await signIn(page, 'clinician');
  const entryId = await entryWithComparisons(page);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/api\/patients\/[^/]+\/images$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/entries/${entryId}`);
  await expect(page.getByTestId('comparison').first().getByTestId('loading')).toBeVisible();
  await expect(page.getByText(/no longer in the pool/)).toHaveCount(0);
  release();
  await expectComparisons(page);
});
