import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, screenshot, signIn, unique } from './helpers.ts';

// Page group 2: the patient database — search, sorts, filters, page size, total, URL state.

test('search, sort, filter and page through patients; the URL keeps the view', async ({ page }) => {
  await signIn(page, 'admin');
  const prefix = unique('db');
  const category = await apiPost(page, '/api/tag-categories', { name: unique('Area'), color: '#1e88e5' });
  const tag = await apiPost(page, '/api/tags', { name: unique('face'), categoryId: category.id });
  for (const [i, last] of ['Zeta', 'Alpha', 'Mu'].entries()) {
    await apiPost(page, '/api/patients', {
      uniqueId: `${prefix}-${i}`,
      lastName: last,
      ...(i === 1 ? { tagIds: [tag.id] } : {}),
    });
  }
  await page.goto('/patients');
  await page.getByLabel('Search').fill(prefix);
  await expect(page.getByTestId('patient-total')).toHaveText('3 patients');
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  const rows = page.getByRole('table', { name: 'Patients' }).locator('tbody tr');
  // Sort by name ascending through the sort control and the direction control.
  await page.getByRole('combobox', { name: 'Sort by' }).click();
  await page.getByRole('option', { name: 'Name' }).click();
  await page.getByRole('combobox', { name: 'Direction' }).click();
  await page.getByRole('option', { name: 'Ascending' }).click();
  await expect(rows.first()).toContainText('Alpha');
  await expect(page).toHaveURL(/sort=name/);
  await expect(page).toHaveURL(/order=asc/);
  // The tag chip shows in its category's color.
  await expect(rows.first().getByText(tag.name)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'patients');

  // Bookmarkable: the same URL opens the same view.
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId('patient-total')).toHaveText('3 patients');
  await expect(rows.first()).toContainText('Alpha');

  // Filters: a tag, then an image-count range that nobody matches.
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('combobox', { name: 'Tags' }).click();
  await page.getByRole('option', { name: tag.name }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('patient-total')).toHaveText('1 patient');
  await expect(page).toHaveURL(new RegExp(`tags=${tag.id}`));
  await page.getByLabel('Images: at least').fill('5');
  await expect(page.getByTestId('patient-total')).toHaveText('0 patients');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('patient-total')).toHaveText('3 patients');

  // Page size: one per page shows a pager with the total.
  await page.goto(`/patients?q=${prefix}&pageSize=10&sort=uniqueId&order=desc`);
  await expect(rows.first()).toContainText(`${prefix}-2`);
  await expect(page.getByText('1–3 of 3')).toBeVisible();
});
