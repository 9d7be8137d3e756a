import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §6 retention and §7 audit level: the deployment-wide preferences. Any signed-in user
// reads them; only a super administrator changes them; shortening retention needs a confirmation.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const read = (user?: TestUser) =>
  t.app.inject({ method: 'GET', url: '/api/settings', headers: user?.headers ?? {} });
const change = (payload: object, user: TestUser = root) =>
  t.app.inject({ method: 'PATCH', url: '/api/settings', headers: user.headers, payload });

const DEFAULTS = {
  deletionPolicy: 'standard',
  retentionMonths: 120,
  retentionText: '10 years',
  consentLevel: 'disabled',
  auditLevel: 'essential',
  timeZone: 'UTC',
  locale: 'en-GB',
};

describe('reading the settings', () => {
  it.each(['assistant', 'clinician', 'admin'] as const)('a %s reads the defaults', async (role) => {
    const res = await read(clinic[role]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEFAULTS);
  });

  it('the super admin reads them; no one anonymous does (401)', async () => {
    expect((await read(root)).json()).toEqual(DEFAULTS);
    expectError(await read(), 401, 'unauthorized');
  });
});

describe('changing the settings', () => {
  it.each(['assistant', 'clinician', 'admin'] as const)(
    'refuses a %s with 403 and changes nothing',
    async (role) => {
      expectError(await change({ consentLevel: 'required' }, clinic[role]), 403, 'forbidden');
      expect((await read(root)).json()).toEqual(DEFAULTS);
    },
  );

  it.each<[number | string, string]>([
    [0, 'zero'],
    [-1, 'negative'],
    [1.5, 'not whole'],
    [1201, 'over 100 years'],
    ['12', 'a string'],
  ])('refuses retentionMonths %j (%s) with 422 naming it', async (retentionMonths) => {
    expectInvalidFields(await change({ retentionMonths }), ['retentionMonths']);
  });

  it('refuses unknown values and unknown settings with 422 naming them', async () => {
    expectInvalidFields(await change({ deletionPolicy: 'forever' }), ['deletionPolicy']);
    expectInvalidFields(await change({ consentLevel: 'maybe', auditLevel: 'all' }), [
      'consentLevel',
      'auditLevel',
    ]);
    expectInvalidFields(await change({ theme: 'dark' }), ['theme']);
    expect((await read(root)).json()).toEqual(DEFAULTS);
  });

  it('changes the other settings and answers the new state', async () => {
    const res = await change({
      deletionPolicy: 'recoverable',
      consentLevel: 'advisory',
      auditLevel: 'comprehensive',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ...DEFAULTS,
      deletionPolicy: 'recoverable',
      consentLevel: 'advisory',
      auditLevel: 'comprehensive',
    });
    expect((await read(clinic.assistant)).json()).toEqual(res.json());
  });

  it('lengthens retention without a confirmation and says it in words', async () => {
    const res = await change({ retentionMonths: 150 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ retentionMonths: 150, retentionText: '12 years, 6 months' });
  });
});

describe('shortening retention', () => {
  it('without confirmReduction answers 409 confirmation_required with details.wouldExpire, and keeps it', async () => {
    const error = expectError(await change({ retentionMonths: 27 }), 409, 'confirmation_required');
    expect(error.details).toEqual({
      wouldExpire: 0,
      wouldExpireByKind: { patients: 0, entries: 0, images: 0, lesions: 0, users: 0, logEvents: 0 },
      retentionMonths: 27,
      retentionText: '2 years, 3 months',
    });
    expect((await read(root)).json().retentionMonths).toBe(150);
  });

  it('with confirmReduction: false is still refused', async () => {
    expectError(await change({ retentionMonths: 27, confirmReduction: false }), 409, 'confirmation_required');
  });

  it('with confirmReduction: true answers 200 and the new period in words', async () => {
    const res = await change({ retentionMonths: 27, confirmReduction: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ retentionMonths: 27, retentionText: '2 years, 3 months' });
    expect((await read(clinic.clinician)).json().retentionText).toBe('2 years, 3 months');
  });

  it('counts the deleted patients that would expire at once', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'gone-1' });
    // No DELETE route yet: mark the patient deleted 20 months ago with SQL.
    const deletedAt = new Date(t.clock.now().getTime() - 20 * 30 * 86_400_000).toISOString();
    await t.database.raw('update patients set deleted_at = $1 where id = $2', [deletedAt, p.id]);
    const to12 = expectError(await change({ retentionMonths: 12 }), 409, 'confirmation_required');
    expect(to12.details?.wouldExpire).toBe(1);
    const to24 = expectError(await change({ retentionMonths: 24 }), 409, 'confirmation_required');
    expect(to24.details?.wouldExpire).toBe(0);
  });

  it.each([
    [1, '1 month'],
    [12, '1 year'],
    [13, '1 year, 1 month'],
    [1200, '100 years'],
  ])('writes %i months as %j', async (retentionMonths, words) => {
    const res = await change({ retentionMonths, confirmReduction: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().retentionText).toBe(words);
  });
});

describe('settings in the audit trail', () => {
  it('logs each real change as settings.change with before and after, and nothing for a no-op', async () => {
    const audit = async () =>
      (
        await t.app.inject({ method: 'GET', url: '/api/audit?action=settings.change', headers: root.headers })
      ).json();
    const before = (await audit()).total;
    await change({ consentLevel: 'required' });
    await change({ consentLevel: 'required' });
    const after = await audit();
    expect(after.total).toBe(before + 1);
    expect(after.items[0]).toMatchObject({
      actorId: root.id,
      details: { before: { consentLevel: 'advisory' }, after: { consentLevel: 'required' } },
    });
  });
});
