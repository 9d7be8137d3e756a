import { expect, test } from '@playwright/test';
import { apiPost, csrf, expectAccessible, screenshotBoth, signIn, unique } from './helpers.ts';

// The Manager sets the deployment's time zone and date format; every date on screen follows them,
// and the date of birth is picked from a calendar (or typed as YYYY-MM-DD).

test('dates follow the deployment time zone and locale; date of birth with a date picker', async ({
  page,
  browser,
}) => {
  // Two people and two screenshots: more than the default time on a busy machine.
  test.slow();
  const root = await (await browser.newContext()).newPage();
  await signIn(root, 'root');
  try {
    await root.goto('/manager');
    await root.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Paris');
    await root.getByRole('option', { name: 'Europe/Paris' }).click();
    await root.getByRole('combobox', { name: 'Date format' }).click();
    await root.getByRole('option', { name: /\(fr-FR\)/ }).click();
    await root.getByRole('button', { name: 'Save preferences' }).click();
    await expect(root.getByText('Preferences saved.')).toBeVisible();
    await expect(root.getByTestId('date-example')).toContainText(/avr\.|2026/);
    await expectAccessible(root);
    await screenshotBoth(root, 'manager-preferences');

    await signIn(page, 'clinician');
    const patient = await apiPost(page, '/api/patients', { uniqueId: unique('tz'), lastName: 'Zone' });
    await apiPost(page, `/api/patients/${patient.id}/entries`, { appointmentAt: '2026-04-01T10:00:00.000Z' });
    await page.goto(`/patients/${patient.id}`);
    // 10:00 UTC is noon in Paris in April; the reader's language (English) with the deployment's
    // region (France): day before month, 24-hour clock.
    await expect(page.getByRole('link', { name: /1 Apr 2026.*12:00/ })).toBeVisible();

    const born = page.getByRole('textbox', { name: 'Date of birth' });
    await born.fill('1980-03-01');
    await born.blur();
    await expect(born).toHaveValue('1 Mar 1980');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect(page.getByText('Patient saved.')).toBeVisible();
    expect((await (await page.request.get(`/api/patients/${patient.id}`)).json()).dateOfBirth).toBe(
      '1980-03-01',
    );
    await born.click();
    // The calendar opens; the folded panel's summary writes the date the deployment's way.
    await expect(page.getByRole('button', { name: 'Previous month', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /Demographics.*born 1 Mar 1980/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expectAccessible(page);
    await screenshotBoth(page, 'patient-dates');
  } finally {
    const res = await root.request.patch('/api/settings', {
      headers: await csrf(root),
      data: { timeZone: 'UTC', locale: 'en-GB' },
    });
    expect(res.ok()).toBe(true);
    await root.context().close();
  }
});
