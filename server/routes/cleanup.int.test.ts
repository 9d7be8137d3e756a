import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6, the cleanup: removes exactly what expired (files first), nothing else, is
// idempotent, and its last run is visible to the super administrator.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Cleanup Clinic');
  root = await createSuperAdmin(t);
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { deletionPolicy: 'recoverable', retentionMonths: 1, confirmReduction: true },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

const cleanup = (user: TestUser) =>
  t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: user.headers });

describe('the cleanup', () => {
  let gone: Awaited<ReturnType<typeof seedRecords>>;
  let kept: Awaited<ReturnType<typeof seedRecords>>;
  let active: Awaited<ReturnType<typeof seedRecords>>;

  it('is for super administrators only', async () => {
    for (const user of [clinic.admin, clinic.clinician, clinic.assistant]) {
      expectError(await cleanup(user), 403, 'forbidden');
      expectError(await read(t, user, '/api/admin/cleanup'), 403, 'forbidden');
    }
  });

  it('before any run shows no last run and the next daily run', async () => {
    const res = await read(t, root, '/api/admin/cleanup');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ lastRun: null, schedule: '15 3 * * *' });
    expect(Date.parse(res.json().nextRunAt)).toBeGreaterThan(t.clock.now().getTime());
  });

  it('removes exactly the expired records with their files and activity, and leaves the rest', async () => {
    t.clock.set(new Date('2026-01-01T10:00:00Z'));
    gone = await seedRecords(t, clinic.clinician, 'gone-1');
    active = await seedRecords(t, clinic.clinician, 'active-1', { images: 2 });
    await deleteRecord(t, clinic.clinician, 'patients', gone.patient.id, 'delete gone-1');
    await deleteRecord(t, clinic.clinician, 'images', active.imageIds[0] as string);
    t.clock.set(new Date('2026-01-20T10:00:00Z'));
    kept = await seedRecords(t, clinic.clinician, 'kept-1');
    await deleteRecord(t, clinic.clinician, 'patients', kept.patient.id, 'delete kept-1');
    // The activity of a deleted record carries the record's expiry.
    const keptLog = (await read(t, root, `/api/audit?patientId=${kept.patient.id}`)).json().items;
    expect(keptLog.length).toBeGreaterThan(1);
    for (const e of keptLog) expect(e.expiresAt).toMatch(/^2026-02-20T10:0/);

    // Past gone-1's expiry (2026-02-01), before kept-1's (2026-02-20).
    t.clock.set(new Date('2026-02-10T00:00:00Z'));
    const res = await cleanup(root);
    expect(res.statusCode, res.body).toBe(200);
    const { removed, failures } = res.json();
    expect(failures).toEqual([]);
    expect(removed).toMatchObject({ patients: 1, entries: 1, images: 2, users: 0, files: 6 });
    expect(removed.logs).toBeGreaterThan(0);

    expect(storedFilesOf(t, ...gone.imageIds, active.imageIds[0] as string)).toEqual([]);
    expect(storedFilesOf(t, ...kept.imageIds)).toHaveLength(3);
    expect(storedFilesOf(t, active.imageIds[1] as string)).toHaveLength(3);
    expectError(await read(t, clinic.clinician, `/api/patients/${gone.patient.id}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/images/${active.imageIds[0]}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/patients/${kept.patient.id}`), 410, 'deleted');
    expect((await read(t, clinic.clinician, `/api/patients/${active.patient.id}`)).json()).toMatchObject({
      imageCount: 1,
      entryCount: 1,
    });
    const stillLogged = (await read(t, root, `/api/audit?patientId=${kept.patient.id}`)).json().items;
    expect(stillLogged.length).toBe(keptLog.length);
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });

  it('is idempotent: a second run removes nothing', async () => {
    const res = await cleanup(root);
    expect(res.json().removed).toEqual({
      patients: 0,
      entries: 0,
      images: 0,
      lesions: 0,
      users: 0,
      logs: 0,
      files: 0,
    });
    expect(storedFilesOf(t, ...kept.imageIds)).toHaveLength(3);
  });

  it('records each run, visible at GET and in the audit trail', async () => {
    const status = (await read(t, root, '/api/admin/cleanup')).json();
    expect(status.lastRun).toMatchObject({
      trigger: 'manual',
      removed: { patients: 0, entries: 0, images: 0, users: 0, logs: 0, files: 0 },
      failures: [],
      finishedAt: expect.any(String),
    });
    expect(Date.parse(status.nextRunAt)).toBeGreaterThan(t.clock.now().getTime());
    const runs = (await read(t, root, '/api/audit?action=cleanup.run')).json().items;
    expect(runs).toHaveLength(2);
    expect(runs[1].details).toMatchObject({ trigger: 'manual', removed: { patients: 1, files: 6 } });
  });

  it('removes kept-1 once its own expiry has passed (the clock runs on while the test works, so with a margin)', async () => {
    t.clock.set(new Date('2026-02-20T10:05:00Z'));
    const res = await cleanup(root);
    expect(res.json().removed).toMatchObject({ patients: 1, entries: 1, images: 1, files: 3 });
    expect(storedFilesOf(t, ...kept.imageIds)).toEqual([]);
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });
});
