import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6 and issue 18 point 6: switching the policy to Permanent while soft-deleted records
// exist says what it means: 409 confirmation_required with how many stay recoverable; confirmed, it
// switches and leaves them; with purgeExisting it removes them now (held ones excepted).

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Policy Change Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const settings = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: '/api/settings', headers: root.headers, payload });
const policyNow = async () => (await read(t, root, '/api/settings')).json().deletionPolicy;

describe('switching to Permanent', () => {
  let a: Awaited<ReturnType<typeof seedRecords>>;
  let held: Awaited<ReturnType<typeof seedRecords>>;

  beforeAll(async () => {
    a = await seedRecords(t, clinic.clinician, 'pc-a', { entries: 2 });
    held = await seedRecords(t, clinic.clinician, 'pc-held');
    await deleteRecord(t, clinic.clinician, 'entries', a.entryIds[1] as string);
    await deleteRecord(t, clinic.clinician, 'patients', held.patient.id, 'delete pc-held');
    const placed = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${held.patient.id}/hold`,
      headers: clinic.admin.headers,
      payload: { reason: 'audit' },
    });
    expect(placed.statusCode).toBe(200);
  });

  it('without confirmation answers 409 with how many deleted records stay recoverable; nothing changes', async () => {
    const error = expectError(await settings({ deletionPolicy: 'permanent' }), 409, 'confirmation_required');
    // a's entry, and pc-held's patient, entry and image.
    expect(error.details).toMatchObject({
      recoverable: 4,
      recoverableByKind: { patients: 1, entries: 2, images: 1, users: 0 },
    });
    expect(await policyNow()).toBe('standard');
  });

  it('refuses purgeExisting without confirmPolicyChange (422), and on any other switch', async () => {
    expectError(await settings({ deletionPolicy: 'permanent', purgeExisting: true }), 422, 'invalid_input');
    expectError(
      await settings({ deletionPolicy: 'recoverable', confirmPolicyChange: true, purgeExisting: true }),
      422,
      'invalid_input',
    );
    expect(await policyNow()).toBe('standard');
  });

  it('confirmed, switches and leaves them recoverable', async () => {
    const res = await settings({ deletionPolicy: 'permanent', confirmPolicyChange: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(await policyNow()).toBe('permanent');
    const back = await restoreRecord(t, clinic.clinician, 'entries', a.entryIds[1] as string);
    expect(back.statusCode, back.body).toBe(200);
    expect((await settings({ deletionPolicy: 'standard' })).statusCode).toBe(200);
  });

  it('with purgeExisting, switches and removes them now, except what a legal hold keeps', async () => {
    await deleteRecord(t, clinic.clinician, 'images', a.imageIds[0] as string);
    expect(storedFilesOf(t, ...a.imageIds)).toHaveLength(3);
    const res = await settings({
      deletionPolicy: 'permanent',
      confirmPolicyChange: true,
      purgeExisting: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ deletionPolicy: 'permanent', removed: { images: 1 } });
    expectError(await read(t, clinic.clinician, `/api/images/${a.imageIds[0]}`), 404, 'not_found');
    expect(storedFilesOf(t, ...a.imageIds)).toHaveLength(0);
    // The held patient is kept, still deleted and recoverable.
    expectError(await read(t, clinic.clinician, `/api/patients/${held.patient.id}`), 410, 'deleted');
    expect(storedFilesOf(t, ...held.imageIds)).toHaveLength(3);
    const status = (await read(t, root, '/api/admin/cleanup')).json();
    expect(status.runs[0]).toMatchObject({ trigger: 'policy' });
  });
});
