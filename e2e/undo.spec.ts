import { expect, type Page, test } from '@playwright/test';
import { apiPost, csrf, expectAccessible, photo, screenshotBoth, signIn, unique, upload } from './helpers.ts';

// Under Recoverable and Standard a deletion's toast offers Undo, which recovers the record at once;
// under Permanent the entry and image dialogs say it cannot be undone and no Undo is offered.

async function withPolicy(page: Page, policy: string) {
  const res = await page.request.patch('/api/settings', {
    headers: await csrf(page),
    // Switching to Permanent while records are recoverable must say it keeps them recoverable.
    data: { deletionPolicy: policy, ...(policy === 'permanent' ? { confirmPolicyChange: true } : {}) },
  });
  expect(res.ok(), await res.text()).toBe(true);
}

test('Undo brings back a deleted image, entry and patient', async ({ page, browser }) => {
  // Three deletions and recoveries through the pages: more than the default time on a busy machine.
  test.slow();
  const root = await (await browser.newContext()).newPage();
  await signIn(root, 'root');
  const before = await (await root.request.get('/api/settings')).json();
  try {
    await withPolicy(root, 'standard');
    await signIn(page, 'clinician');
    const uid = unique('undo');
    const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Undo' });
    const [image] = await upload(page, patient.id, [await photo('undo.jpg', { r: 60, g: 150, b: 90 })]);
    const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
      appointmentAt: '2026-04-01T10:00:00.000Z',
    });
    const placed = await page.request.patch(`/api/entries/${entry.id}`, {
      headers: await csrf(page),
      data: { workspaceImageIds: [image?.id] },
    });
    expect(placed.ok(), await placed.text()).toBe(true);

    // The pages these changes touch, at both sizes.
    await page.goto(`/patients?q=${uid}`);
    await expect(page.getByText('1 patient', { exact: true })).toBeVisible();
    await screenshotBoth(page, 'patients');
    await page.goto('/deleted');
    await expect(page.getByRole('heading', { name: 'Deleted records' })).toBeVisible();
    await screenshotBoth(page, 'deleted');

    // An image from the pool.
    await page.goto(`/patients/${patient.id}`);
    await expect(page.getByTestId('pool-image')).toHaveCount(1);
    await screenshotBoth(page, 'patient');
    await page.getByRole('button', { name: 'Delete image undo.jpg' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete image' }).click();
    await expect(page.getByTestId('pool-image')).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Undo deleting undo.jpg' }).click();
    await expect(page.getByText('undo.jpg is back in the image pool.')).toBeVisible();
    await expect(page.getByTestId('pool-image')).toHaveCount(1);

    // An entry: the dialog counts its workspace image in the singular.
    await page.goto(`/entries/${entry.id}`);
    await page.getByRole('button', { name: 'Delete entry' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText("The image of its workspace stays in the patient's image pool.");
    await dialog.getByRole('button', { name: 'Delete entry' }).click();
    await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
    await page.getByRole('button', { name: 'Undo deleting the entry' }).click();
    await expect(page).toHaveURL(new RegExp(`/entries/${entry.id}$`));
    expect((await page.request.get(`/api/entries/${entry.id}`)).status()).toBe(200);

    // The patient, with its phrase.
    await page.goto(`/patients/${patient.id}`);
    await page.getByRole('button', { name: 'Delete patient' }).first().click();
    const phrase = page.getByRole('dialog', { name: `Delete patient ${uid}` });
    await phrase.getByLabel('Reason for deleting').selectOption('duplicate');
    await phrase.getByLabel('Confirmation phrase').fill(`delete ${uid}`);
    await phrase.getByRole('button', { name: 'Delete patient' }).click();
    await expect(page).toHaveURL(/\/patients$/);
    await page.getByRole('button', { name: `Undo deleting ${uid}` }).click();
    await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}$`));
    await expect(page.getByRole('heading', { name: uid, level: 1 })).toBeVisible();

    // Under Permanent: the warning, and a toast without Undo.
    await withPolicy(root, 'permanent');
    await page.goto(`/entries/${entry.id}`);
    await page.getByRole('button', { name: 'Delete entry' }).click();
    await expect(page.getByRole('dialog').getByTestId('permanent-warning')).toContainText(
      'This cannot be undone',
    );
    await expectAccessible(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete entry' }).click();
    await expect(page.getByText('The entry was removed for good.')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Undo/ })).toHaveCount(0);
  } finally {
    await withPolicy(root, before.deletionPolicy);
    await root.context().close();
  }
});
