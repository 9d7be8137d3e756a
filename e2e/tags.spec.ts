import { expect, test } from '@playwright/test';
import { apiPost, expectAccessible, screenshotBoth, signIn, unique } from './helpers.ts';

// The account admin manages tags on the Tags page; a clinician then puts one on a patient, and
// deleting the tag says which records carry it.

test('an admin creates a category and a tag, a clinician uses it on a patient', async ({ page }) => {
  const category = unique('Diagnosis');
  const tag = unique('rosacea');
  await signIn(page, 'admin');
  await page.goto('/patients');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tags' }).click();
  await expect(page.getByRole('heading', { name: 'Tags', level: 1 })).toBeVisible();
  await page.getByLabel('New category').fill(category);
  await page.getByRole('button', { name: 'Create category' }).click();
  const panel = page.getByRole('region', { name: `Category ${category}` });
  await expect(panel).toBeVisible();
  await panel.getByLabel(`New tag in ${category}`).fill(`${tag}-draft`);
  await panel.getByRole('button', { name: 'Add tag' }).click();
  // Renaming a tag keeps it (same id) under its new name.
  await panel.getByLabel(`Tag ${tag}-draft`).fill(tag);
  await panel.getByRole('button', { name: 'Rename' }).nth(1).click();
  await expect(panel.getByLabel(`Tag ${tag}`)).toHaveValue(tag);
  await expectAccessible(page);
  await screenshotBoth(page, 'tags');

  await signIn(page, 'clinician');
  const uid = unique('tagged');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Tagged' });
  await page.goto(`/patients/${patient.id}`);
  await page.getByRole('combobox', { name: 'Patient tags' }).click();
  await page.getByRole('option', { name: tag }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByText('Patient saved.')).toBeVisible();
  const saved = await (await page.request.get(`/api/patients/${patient.id}`)).json();
  const tags = await (await page.request.get('/api/tags')).json();
  const created = tags.items.find((t: { name: string }) => t.name === tag);
  expect(saved.tagIds).toEqual([created.id]);

  // The admin's delete says the tag is on one patient before taking it off.
  await signIn(page, 'admin');
  await page.goto('/tags');
  await page
    .getByRole('region', { name: `Category ${category}` })
    .getByRole('button', { name: `Delete ${tag}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Delete tag ${tag}` });
  await expect(dialog.getByTestId('tag-usage')).toContainText('is on 1 patient,');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Delete tag' }).click();
  await expect(page.getByRole('region', { name: `Category ${category}` })).toContainText(
    'No tags in this category yet.',
  );
  const after = await (await page.request.get(`/api/patients/${patient.id}`)).json();
  expect(after.tagIds).toEqual([]);
});
