import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords } from '../../testing/lifecycle.ts';

// PRODUCT.md §6: the activity of a deleted record expires with it. Each event stores the deletion
// time its expiry counts from (the earliest among its patient and target); the expiry is derived with
// the current retention, so a retention change moves every expiry and rewrites no event.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Activity Clinic');
  root = await createSuperAdmin(t);
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { deletionPolicy: 'recoverable' },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

const setRetention = (retentionMonths: number) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { retentionMonths, confirmReduction: true },
  });

interface Event {
  seq: number;
  action: string;
  targetId: string | null;
  expiresAt: string | null;
}
const activityOf = async (patientId: string): Promise<Event[]> =>
  (await read(t, root, `/api/audit?patientId=${patientId}&pageSize=100`)).json().items;

/** Every stored event, as stored: what a retention change must leave alone. */
const storedEvents = () => t.database.raw('select * from audit_events order by seq');

describe('the expiry of activity', () => {
  let early: Awaited<ReturnType<typeof seedRecords>>;
  let other: Awaited<ReturnType<typeof seedRecords>>;

  it('counts from the earliest deletion among the patient and the target', async () => {
    t.clock.set(new Date('2025-12-01T00:00:00Z'));
    early = await seedRecords(t, clinic.clinician, 'early-1', { entries: 2 });
    other = await seedRecords(t, clinic.clinician, 'other-1');
    // One entry goes on its own first; the patient, with the rest, a month later.
    await deleteRecord(t, clinic.clinician, 'entries', early.entryIds[1] as string);
    t.clock.set(new Date('2026-01-01T00:00:00Z'));
    const res = await deleteRecord(t, clinic.clinician, 'patients', early.patient.id, 'delete early-1');
    expect(res.statusCode, res.body).toBe(200);

    const events = await activityOf(early.patient.id);
    const ofLoneEntry = events.filter((e) => e.targetId === early.entryIds[1]);
    const others = events.filter((e) => e.targetId !== early.entryIds[1]);
    expect(ofLoneEntry.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const e of ofLoneEntry) expect(e.expiresAt).toMatch(/^2035-12-01T00:00:0/);
    for (const e of others) expect(e.expiresAt).toMatch(/^2036-01-01T00:00:0/);
    // An active patient's activity never expires.
    for (const e of await activityOf(other.patient.id)) expect(e.expiresAt).toBeNull();
  });

  it('follows a retention change without any event being written', async () => {
    const before = await storedEvents();
    // The reference's example: deleted 2026-01-01 under 120 months, reduced to 6: expires 2026-07-01.
    const res = await setRetention(6);
    expect(res.statusCode, res.body).toBe(200);
    const after = await storedEvents();
    // Only the change's own event is new; every other row is exactly as it was.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.action)).toEqual(['settings.change']);

    const events = await activityOf(early.patient.id);
    for (const e of events.filter((e) => e.targetId === early.entryIds[1]))
      expect(e.expiresAt).toMatch(/^2026-06-01T00:00:0/);
    for (const e of events.filter((e) => e.targetId !== early.entryIds[1]))
      expect(e.expiresAt).toMatch(/^2026-07-01T00:00:0/);
  });

  it('sorts by the derived expiry, events that never expire last', async () => {
    const asc = (await read(t, root, '/api/audit?sort=expiresAt&order=asc&pageSize=100')).json()
      .items as Event[];
    const expiries = asc.map((e) => e.expiresAt);
    const dated = expiries.filter((x): x is string => x !== null);
    expect(dated).toEqual([...dated].sort());
    expect(expiries.slice(0, dated.length)).toEqual(dated);
    expect(dated[0]).toMatch(/^2026-06-01T00:00:0/);
  });

  it('is redacted by the cleanup once reached, and not before', async () => {
    const loneEvents = (await activityOf(early.patient.id)).filter((e) => e.targetId === early.entryIds[1]);
    // Past the lone entry's expiry (2026-06-01), before the patient's (2026-07-01): the cleanup
    // removes the entry (its activity with it) and redacts nothing else of this patient.
    t.clock.set(new Date('2026-06-15T00:00:00Z'));
    let run = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(run.statusCode, run.body).toBe(200);
    const left = await activityOf(early.patient.id);
    const leftSeqs = new Set(left.map((e) => e.seq));
    for (const e of loneEvents) expect(leftSeqs.has(e.seq)).toBe(false);
    expect(left.length).toBeGreaterThan(0);
    for (const e of left) expect(e.expiresAt).toMatch(/^2026-07-01T00:00:0/);

    // Past 2026-07-01 the patient is removed at once by the cleanup, its activity redacted.
    t.clock.set(new Date('2026-07-01T00:00:01Z'));
    run = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().removed).toMatchObject({ patients: 1 });
    const rows = await t.database.raw(
      'select count(*)::int as n from audit_events where redacted_at is null and expiry_base is not null',
    );
    expect(rows[0]?.n).toBe(0);
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });

  it('is cleared by a recovery, and the redaction stage alone redacts what expired', async () => {
    await setRetention(120);
    t.clock.set(new Date('2026-08-01T00:00:00Z'));
    const p = await seedRecords(t, clinic.clinician, 'back-1');
    await deleteRecord(t, clinic.clinician, 'patients', p.patient.id, 'delete back-1');
    for (const e of await activityOf(p.patient.id)) expect(e.expiresAt).toMatch(/^2036-08-01T00:00:0/);
    const res = await restoreRecord(t, clinic.clinician, 'patients', p.patient.id, 'restore back-1');
    expect(res.statusCode, res.body).toBe(200);
    for (const e of await activityOf(p.patient.id)) expect(e.expiresAt).toBeNull();

    // An event whose base was reached but whose records are still there (the cleanup redacts
    // activity in its own first stage): made by hand, then redacted by one run, hashes kept.
    await deleteRecord(t, clinic.clinician, 'patients', other.patient.id, 'delete other-1');
    const [{ seq } = { seq: 0 }] = (await t.database.raw(
      `select seq from audit_events where patient_id = $1 and action = 'patient.create'`,
      [other.patient.id],
    )) as { seq: number }[];
    await t.database.raw(`update audit_events set expiry_base = '2016-01-01T00:00:00Z' where seq = $1`, [
      seq,
    ]);
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(run.json().removed).toMatchObject({ logs: 1, patients: 0 });
    const [row] = await t.database.raw('select redacted_at, patient_id from audit_events where seq = $1', [
      seq,
    ]);
    expect(row).toMatchObject({ patient_id: null });
    expect(row?.redacted_at).not.toBeNull();
  });
});
