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

// PRODUCT.md §6, retention: expiry is the deletion time plus the current period, a change applies
// retroactively, and a confirmed reduction removes at once what it makes expired (files too).
// The reference's example: deleted on 2026-01-01 under 120 months, then reduced to 6 months, the
// record expires on 2026-07-01 and, that date passed, is removed at once.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Retention Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const setRetention = (retentionMonths: number, confirmReduction?: boolean) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { retentionMonths, ...(confirmReduction === undefined ? {} : { confirmReduction }) },
  });

describe('shortening retention', () => {
  let early: Awaited<ReturnType<typeof seedRecords>>;
  let late: Awaited<ReturnType<typeof seedRecords>>;
  let lateEntryAlone: string;

  it('deletes on 2026-01-01 with an expiry ten years on', async () => {
    t.clock.set(new Date('2026-01-01T00:00:00Z'));
    early = await seedRecords(t, clinic.clinician, 'early-1');
    const res = await deleteRecord(t, clinic.clinician, 'patients', early.patient.id, 'delete early-1');
    expect(res.json().expiresAt).toMatch(/^2036-01-01T00:00:0/);

    t.clock.set(new Date('2026-02-15T12:00:00Z'));
    late = await seedRecords(t, clinic.clinician, 'late-1', { entries: 2 });
    lateEntryAlone = late.entryIds[1] as string;
    await deleteRecord(t, clinic.clinician, 'entries', lateEntryAlone);
    await deleteRecord(t, clinic.clinician, 'patients', late.patient.id, 'delete late-1');
  });

  it('counts in wouldExpire, by kind, every deleted record and log event the new period would expire', async () => {
    t.clock.set(new Date('2026-07-02T00:00:00Z'));
    const error = expectError(await setRetention(6), 409, 'confirmation_required');
    // early-1: the patient, its entry and its image, and its deletion event (the rest of its
    // activity went at deletion under the Standard policy).
    expect(error.details).toMatchObject({
      wouldExpireByKind: { patients: 1, entries: 1, images: 1, users: 0, logEvents: 1 },
      retentionMonths: 6,
      retentionText: '6 months',
    });
    const sum = (d: { wouldExpireByKind: Record<string, number> }) =>
      Object.values(d.wouldExpireByKind).reduce((a, b) => a + b, 0);
    expect(error.details?.wouldExpire).toBe(sum(error.details as never));
    // Three months would also expire late-1 (deleted 2026-02-15): its patient, two entries and image.
    const three = (await setRetention(3)).json().error.details;
    expect(three.wouldExpireByKind).toMatchObject({ patients: 2, entries: 3, images: 2, users: 0 });
    expect(three.wouldExpire).toBe(sum(three));
    // Nothing changed yet: the old expiry still holds and the files are there.
    const gone = expectError(
      await read(t, clinic.clinician, `/api/patients/${early.patient.id}`),
      410,
      'deleted',
    );
    expect(gone.details?.expiresAt).toMatch(/^2036-01-01T00:00:0/);
    expect(storedFilesOf(t, ...early.imageIds)).toHaveLength(3);
  });

  it('once confirmed, removes at once what expired (404, files gone) and recomputes the other expiries', async () => {
    const res = await setRetention(6, true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ retentionMonths: 6, retentionText: '6 months' });

    expectError(await read(t, clinic.clinician, `/api/patients/${early.patient.id}`), 404, 'not_found');
    expectError(
      await read(t, clinic.clinician, `/api/patients/${early.patient.id}/history`),
      404,
      'not_found',
    );
    expectError(await read(t, clinic.clinician, `/api/entries/${early.entryIds[0]}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/images/${early.imageIds[0]}`), 404, 'not_found');
    expect(storedFilesOf(t, ...early.imageIds)).toEqual([]);
    expectError(
      await restoreRecord(t, clinic.clinician, 'patients', early.patient.id, 'restore early-1'),
      404,
      'not_found',
    );

    // late-1 (deleted 2026-02-15) now expires on 2026-08-15 and is still there.
    const late410 = expectError(
      await read(t, clinic.clinician, `/api/patients/${late.patient.id}`),
      410,
      'deleted',
    );
    expect(late410.details?.expiresAt).toMatch(/^2026-08-15T12:00:0/);
    const list = (await read(t, clinic.clinician, '/api/deleted/patients')).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: late.patient.id,
        expiresAt: expect.stringMatching(/^2026-08-15T12:00:0/),
      }),
    ]);
    expect(storedFilesOf(t, ...late.imageIds)).toHaveLength(3);

    const removed = (await read(t, root, '/api/audit?action=records.remove_expired')).json().items;
    expect(removed[0]?.details).toMatchObject({ removed: { patients: 1, entries: 1, images: 1, files: 3 } });
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });

  it('refuses recovery once the new expiry has passed, even before anything removed it', async () => {
    t.clock.set(new Date('2026-08-15T12:00:30Z'));
    expectError(
      await restoreRecord(t, clinic.clinician, 'patients', late.patient.id, 'restore late-1'),
      410,
      'expired',
    );
    expectError(await read(t, clinic.clinician, `/api/patients/${late.patient.id}`), 410, 'deleted');
    expect((await read(t, clinic.clinician, '/api/deleted/patients')).json().total).toBe(0);
  });

  it('a lengthened period does not bring back what had expired: the same change removes it', async () => {
    const res = await setRetention(12);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().removed).toMatchObject({ patients: 1, entries: 2, images: 1, files: 3 });
    expectError(
      await restoreRecord(t, clinic.clinician, 'patients', late.patient.id, 'restore late-1'),
      404,
      'not_found',
    );
    expectError(await read(t, clinic.clinician, `/api/patients/${late.patient.id}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/entries/${lateEntryAlone}`), 404, 'not_found');
    expect(storedFilesOf(t, ...late.imageIds)).toEqual([]);
  });

  it('removes expired single entries and images of an active patient, and leaves the patient', async () => {
    const r = await seedRecords(t, clinic.clinician, 'single-1');
    await deleteRecord(t, clinic.clinician, 'images', r.imageIds[0] as string);
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    expect((await setRetention(2)).json().error.details.wouldExpire).toBeGreaterThanOrEqual(2);
    expect((await setRetention(2, true)).statusCode).toBe(200);
    expectError(await read(t, clinic.clinician, `/api/images/${r.imageIds[0]}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/entries/${lateEntryAlone}`), 404, 'not_found');
    expect(storedFilesOf(t, r.imageIds[0] as string)).toEqual([]);
    expect((await read(t, clinic.clinician, `/api/patients/${r.patient.id}`)).json()).toMatchObject({
      imageCount: 0,
      entryCount: 1,
    });
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });
});

// The reference's other order: an image and a user expired on 2027-07-10 and restore answered 410;
// raising retention afterwards must not make them recoverable again (expiry is final).
describe('raising retention', () => {
  it('extends only what has not expired, and removes in the same change what had', async () => {
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    expect((await setRetention(6)).statusCode).toBe(200);
    t.clock.set(new Date('2027-01-10T00:00:00Z'));
    const r = await seedRecords(t, clinic.clinician, 'raise-1', { images: 2 });
    const [expiredImage, laterImage] = r.imageIds as [string, string];
    await deleteRecord(t, clinic.clinician, 'images', expiredImage);
    const leaver = clinic.assistant.id;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${leaver}`,
      headers: clinic.admin.headers,
    });
    expect(del.statusCode, del.body).toBe(200);
    t.clock.set(new Date('2027-02-10T00:00:00Z'));
    await deleteRecord(t, clinic.clinician, 'images', laterImage);

    t.clock.set(new Date('2027-07-11T00:00:00Z'));
    expectError(await restoreRecord(t, clinic.clinician, 'images', expiredImage), 410, 'expired');
    const userRestore = () =>
      t.app.inject({ method: 'POST', url: `/api/users/${leaver}/restore`, headers: clinic.admin.headers });
    expectError(await userRestore(), 410, 'expired');

    const res = await setRetention(24);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ retentionMonths: 24, removed: { images: 1, users: 1, files: 3 } });
    expectError(await restoreRecord(t, clinic.clinician, 'images', expiredImage), 404, 'not_found');
    expect(storedFilesOf(t, expiredImage)).toEqual([]);
    expectError(await userRestore(), 404, 'not_found');
    // The later image had not expired: its expiry moves to 2029-02-10 and it comes back.
    const later = await restoreRecord(t, clinic.clinician, 'images', laterImage);
    expect(later.statusCode, later.body).toBe(200);
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });
});
