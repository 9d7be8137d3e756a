import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { expunge } from '../testing/expunge.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6, legal hold: a held patient and its records cannot be deleted or expunged, and if
// already deleted they do not expire (neither the cleanup nor a retention cut removes them) until
// the hold is released; then expiry is computed from the retention in force, and if it has passed
// they are removed at once.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Hold Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const hold = (user: TestUser, id: string, payload: unknown = { reason: 'Litigation 2026-17' }) =>
  t.app.inject({
    method: 'POST',
    url: `/api/patients/${id}/hold`,
    headers: user.headers,
    payload: payload as never,
  });
const release = (user: TestUser, id: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/patients/${id}/hold`, headers: user.headers });
const setRetention = (retentionMonths: number) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { retentionMonths, confirmReduction: true },
  });
const runCleanup = () => t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
const auditOf = async (patientId: string) =>
  (await read(t, clinic.admin, `/api/audit?patientId=${patientId}&pageSize=100`)).json().items as {
    action: string;
    expiresAt: string | null;
    details: Record<string, unknown> | null;
  }[];

describe('placing and releasing a hold: bad input changes nothing', () => {
  let id: string;
  beforeAll(async () => {
    t.clock.set(new Date('2026-01-01T00:00:00Z'));
    id = (await seedRecords(t, clinic.clinician, 'hold-input', { images: 0 })).patient.id;
  });

  it('is for account admins: 403 for a clinician, 404 for another account or an unknown patient', async () => {
    expectError(await hold(clinic.clinician, id), 403, 'forbidden');
    expectError(await hold(other.admin, id), 404, 'not_found');
    expectError(await release(other.admin, id), 404, 'not_found');
    expectError(await hold(clinic.admin, randomUUID()), 404, 'not_found');
    expectError(await hold(root, id), 403, 'forbidden');
  });

  it('needs a reason (422) and refuses releasing a hold that is not there (409 not_held)', async () => {
    expectError(await hold(clinic.admin, id, { reason: '   ' }), 422, 'invalid_input');
    expectError(await hold(clinic.admin, id, {}), 422, 'invalid_input');
    expectError(await release(clinic.admin, id), 409, 'not_held');
    expect((await read(t, clinic.clinician, `/api/patients/${id}`)).json().hold).toBeNull();
  });

  it('places a hold once (409 already_held the second time) and releases it once', async () => {
    const placed = await hold(clinic.admin, id);
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().hold).toMatchObject({ reason: 'Litigation 2026-17', placedBy: clinic.admin.id });
    expectError(await hold(clinic.admin, id), 409, 'already_held');
    expect((await release(clinic.admin, id)).json().hold).toBeNull();
    expectError(await release(clinic.admin, id), 409, 'not_held');
    const actions = (await auditOf(id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['patient.hold_placed', 'patient.hold_released']));
  });
});

describe('a held active patient', () => {
  let r: Awaited<ReturnType<typeof seedRecords>>;
  beforeAll(async () => {
    r = await seedRecords(t, clinic.clinician, 'held-active');
    expect((await hold(clinic.admin, r.patient.id)).statusCode).toBe(200);
  });

  it('shows its hold on the patient page and in the patient list', async () => {
    const page = (await read(t, clinic.clinician, `/api/patients/${r.patient.id}`)).json();
    expect(page.hold).toMatchObject({ reason: 'Litigation 2026-17' });
    const list = (await read(t, clinic.clinician, '/api/patients?q=held-active')).json();
    expect(list.items[0].hold).toMatchObject({ reason: 'Litigation 2026-17' });
  });

  it('cannot be deleted, nor its entries and images (409 legal_hold), nor expunged', async () => {
    expectError(
      await deleteRecord(t, clinic.clinician, 'patients', r.patient.id, 'delete held-active'),
      409,
      'legal_hold',
    );
    expectError(
      await deleteRecord(t, clinic.clinician, 'entries', r.entryIds[0] as string),
      409,
      'legal_hold',
    );
    expectError(
      await deleteRecord(t, clinic.clinician, 'images', r.imageIds[0] as string),
      409,
      'legal_hold',
    );
    expectError(
      await expunge(t, root, `/api/patients/${r.patient.id}/expunge?everything=true`),
      409,
      'legal_hold',
    );
    expectError(await expunge(t, root, `/api/entries/${r.entryIds[0]}/expunge`), 409, 'legal_hold');
    expectError(await expunge(t, root, `/api/images/${r.imageIds[0]}/expunge`), 409, 'legal_hold');
    expect((await read(t, clinic.clinician, `/api/patients/${r.patient.id}`)).json().entryCount).toBe(1);
    expect((await read(t, clinic.clinician, `/api/entries/${r.entryIds[0]}`)).statusCode).toBe(200);
    expect(storedFilesOf(t, ...r.imageIds)).toHaveLength(3);
  });

  it('can be deleted again once released', async () => {
    await release(clinic.admin, r.patient.id);
    const res = await deleteRecord(t, clinic.clinician, 'images', r.imageIds[0] as string);
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('a held deleted patient does not expire until released', () => {
  let kept: Awaited<ReturnType<typeof seedRecords>>;
  let late: Awaited<ReturnType<typeof seedRecords>>;
  let gone: Awaited<ReturnType<typeof seedRecords>>;

  it('deletes three patients on 2026-02-01 and holds two of them', async () => {
    t.clock.set(new Date('2026-02-01T00:00:00Z'));
    kept = await seedRecords(t, clinic.clinician, 'kept-1', { entries: 2 });
    await deleteRecord(t, clinic.clinician, 'entries', kept.entryIds[1] as string);
    await deleteRecord(t, clinic.clinician, 'patients', kept.patient.id, 'delete kept-1');
    gone = await seedRecords(t, clinic.clinician, 'gone-1');
    await deleteRecord(t, clinic.clinician, 'patients', gone.patient.id, 'delete gone-1');
    t.clock.set(new Date('2026-02-02T00:00:00Z'));
    expect((await hold(clinic.admin, kept.patient.id)).statusCode).toBe(200);
    t.clock.set(new Date('2026-05-01T00:00:00Z'));
    late = await seedRecords(t, clinic.clinician, 'late-1');
    await deleteRecord(t, clinic.clinician, 'patients', late.patient.id, 'delete late-1');
    expect((await hold(clinic.admin, late.patient.id)).statusCode).toBe(200);
  });

  it('is shown held, without expiry, in the tracking lists and its 410', async () => {
    const list = (await read(t, clinic.admin, '/api/deleted/patients?pageSize=100')).json().items;
    const row = list.find((p: { id: string }) => p.id === kept.patient.id);
    expect(row).toMatchObject({ held: true, holdReason: 'Litigation 2026-17', expiresAt: null });
    // Soonest expiry first: held patients, which have none, come last.
    expect(list.at(-1).held).toBe(true);
    expect(list.find((p: { id: string }) => p.id === gone.patient.id)).toMatchObject({ held: false });
    const items = (await read(t, clinic.admin, `/api/patients/${kept.patient.id}/deleted-items`)).json();
    expect(items.entries).toHaveLength(2);
    for (const e of items.entries)
      expect(e).toMatchObject({ held: true, expiresAt: null, deletedByEmail: clinic.clinician.email });
    // Who deleted each, and whether it went with its patient or on its own.
    expect(items.entries.map((e: { cascade: boolean }) => e.cascade).sort()).toEqual([false, true]);
    const answer = expectError(
      await read(t, clinic.admin, `/api/patients/${kept.patient.id}`),
      410,
      'deleted',
    );
    expect(answer.details).toMatchObject({ held: true, expiresAt: null });
  });

  it('is neither counted nor removed by a retention cut, nor by the cleanup, with its activity', async () => {
    t.clock.set(new Date('2027-01-15T00:00:00Z'));
    const cut = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { retentionMonths: 6 },
    });
    // Past 6 months: gone-1 (its patient, entry and image) and held-active's image deleted after its
    // release; kept-1 and late-1 are held.
    expect(expectError(cut, 409, 'confirmation_required').details?.wouldExpireByKind).toMatchObject({
      patients: 1,
      entries: 1,
      images: 2,
    });
    expect((await setRetention(6)).statusCode).toBe(200);
    expect((await runCleanup()).statusCode).toBe(200);
    expectError(await read(t, clinic.admin, `/api/patients/${gone.patient.id}`), 404, 'not_found');
    expect(storedFilesOf(t, ...gone.imageIds)).toHaveLength(0);
    expectError(await read(t, clinic.admin, `/api/patients/${kept.patient.id}`), 410, 'deleted');
    expect(storedFilesOf(t, ...kept.imageIds)).toHaveLength(3);
    const events = await auditOf(kept.patient.id);
    const deletion = events.find((e) => e.action === 'patient.delete');
    expect(deletion).toMatchObject({ expiresAt: null });
    expect(deletion?.details).not.toBeNull();
  });

  it('can still be recovered while held, past the expiry it would have had', async () => {
    const res = await restoreRecord(t, clinic.admin, 'patients', late.patient.id, 'restore late-1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hold).toMatchObject({ reason: 'Litigation 2026-17' });
    const again = await release(clinic.admin, late.patient.id);
    expect(again.statusCode).toBe(200);
    await deleteRecord(t, clinic.clinician, 'patients', late.patient.id, 'delete late-1');
  });

  it('at release, expires under the retention in force: past it, removed at once', async () => {
    const res = await release(clinic.admin, kept.patient.id);
    expect(res.statusCode, res.body).toBe(200);
    expectError(await read(t, clinic.admin, `/api/patients/${kept.patient.id}`), 404, 'not_found');
    expectError(await read(t, clinic.admin, `/api/entries/${kept.entryIds[1]}`), 404, 'not_found');
    expect(storedFilesOf(t, ...kept.imageIds)).toHaveLength(0);
    const status = (await read(t, root, '/api/admin/cleanup')).json();
    expect(status.runs[0]).toMatchObject({ trigger: 'hold_release' });
  });

  it('a deleted patient past its expiry cannot be held (410 expired): expiry is final', async () => {
    t.clock.set(new Date('2026-01-01T00:00:00Z'));
    const old = await seedRecords(t, clinic.clinician, 'old-1', { images: 0 });
    await deleteRecord(t, clinic.clinician, 'patients', old.patient.id, 'delete old-1');
    t.clock.set(new Date('2027-01-20T00:00:00Z'));
    expectError(await hold(clinic.admin, old.patient.id), 410, 'expired');
  });
});
