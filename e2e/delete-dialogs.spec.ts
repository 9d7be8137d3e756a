import { expect, test } from '@playwright/test';
import { apiPost, csrf, expectAccessible, photo, screenshotBoth, signIn, unique, upload } from './helpers.ts';

// The patient's delete dialog says what the deployment's policy does to it, in correct plurals;
// under Permanent it says the deletion cannot be undone.

test('the patient delete dialog follows the deletion policy', async ({ page, browser }) => {
  const root = await (await browser.newContext()).newPage();
  await signIn(root, 'root');
  const before = await (await root.request.get('/api/settings')).json();
  const setPolicy = async (deletionPolicy: string) => {
    const res = await root.request.patch('/api/settings', {
      headers: await csrf(root),
      data: { deletionPolicy, confirmPolicyChange: true },
    });
    expect(res.ok(), await res.text()).toBe(true);
  };

  await signIn(page, 'clinician');
  const uid = unique('del');
  const patient = await apiPost(page, '/api/patients', { uniqueId: uid, lastName: 'Dialog' });
  await upload(page, patient.id, [await photo('one.jpg', { r: 120, g: 160, b: 200 })]);
  await apiPost(page, `/api/patients/${patient.id}/entries`, { appointmentAt: '2026-04-01T10:00:00.000Z' });
  const open = async () => {
    await page.goto(`/patients/${patient.id}`);
    await page.getByRole('button', { name: 'Delete patient' }).first().click();
    return page.getByRole('dialog', { name: `Delete patient ${uid}` });
  };

  try {
    await setPolicy('recoverable');
    let dialog = await open();
    await expect(dialog).toContainText('with its 1 entry, 1 image and their files');
    await expect(dialog).toContainText('can be recovered there for');
    await expect(dialog.getByTestId('permanent-warning')).toHaveCount(0);

    await setPolicy('permanent');
    dialog = await open();
    await expect(dialog.getByTestId('permanent-warning')).toContainText('This cannot be undone');
    await expect(dialog).toContainText('removed at once and cannot be recovered');
    await expectAccessible(page);
    await screenshotBoth(page, 'delete-patient-permanent');
  } finally {
    await setPolicy(before.deletionPolicy);
    await root.context().close();
  }
});
