import { expect, test } from '@playwright/test';
import { apiPost, signIn, unique } from './helpers.ts';

// Page group 4: two browsers on one entry see each other's changes live.

test('two browser contexts edit one entry live', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  await signIn(pageA, 'clinician');
  await signIn(pageB, 'clinician2');
  const patient = await apiPost(pageA, '/api/patients', { uniqueId: unique('live') });
  const entry = await apiPost(pageA, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00Z',
  });
  await pageA.goto(`/entries/${entry.id}`);
  await pageB.goto(`/entries/${entry.id}`);
  for (const p of [pageA, pageB]) {
    await expect(p.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  }
  await pageA.getByLabel('Clinical notes').fill('Typed in browser A.');
  await expect(pageA.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(pageB.getByLabel('Clinical notes')).toHaveValue('Typed in browser A.');

  // And back the other way; a collapsed section is remembered for the entry.
  await pageB.getByLabel('Clinical notes').fill('Typed in browser A. Checked by B.');
  await expect(pageA.getByLabel('Clinical notes')).toHaveValue('Typed in browser A. Checked by B.');
  await pageB.getByRole('button', { name: /Comparisons/ }).click();
  await expect(pageB.getByRole('button', { name: /Comparisons/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(pageB.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await pageB.reload();
  await expect(pageB.getByRole('button', { name: /Comparisons/ })).toHaveAttribute('aria-expanded', 'false');
  await a.close();
  await b.close();
});
