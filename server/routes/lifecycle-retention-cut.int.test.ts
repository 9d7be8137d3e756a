import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { BlockingDiskStore } from '../testing/failing-store.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6: a confirmed retention cut removes at once everything it makes expired (patients,
// entries, images, users and log events), and a file that cannot be removed is a failure recorded
// as the cleanup records it: the answer is 200 with the failure, the next cleanup finishes it.

let t: TestApp<BlockingDiskStore>;
let dir: string;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vellum-cut-'));
  t = await startTestApp({}, new BlockingDiskStore(dir));
  clinic = await seedAccount(t as unknown as TestApp, 'Cut Clinic');
  root = await createSuperAdmin(t);
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const app = () => t as unknown as TestApp;
const setRetention = (retentionMonths: number, confirmReduction?: boolean) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { retentionMonths, ...(confirmReduction === undefined ? {} : { confirmReduction }) },
  });

it('removes every kind at once, records a file that cannot go as a failure, and the cleanup finishes it', async () => {
  t.clock.set(new Date('2026-01-01T00:00:00Z'));
  const gone = await seedRecords(app(), clinic.clinician, 'cut-1');
  const stuck = await seedRecords(app(), clinic.clinician, 'cut-2');
  await deleteRecord(app(), clinic.clinician, 'patients', gone.patient.id, 'delete cut-1');
  await deleteRecord(app(), clinic.clinician, 'patients', stuck.patient.id, 'delete cut-2');
  const leaver = clinic.assistant.id;
  const del = await t.app.inject({
    method: 'DELETE',
    url: `/api/users/${leaver}`,
    headers: clinic.admin.headers,
  });
  expect(del.statusCode, del.body).toBe(200);

  t.clock.set(new Date('2026-09-01T00:00:00Z'));
  const asked = expectError(await setRetention(6), 409, 'confirmation_required');
  const byKind = asked.details?.wouldExpireByKind as Record<string, number>;
  expect(byKind).toMatchObject({ patients: 2, entries: 2, images: 2, users: 1 });
  expect(byKind.logEvents).toBeGreaterThanOrEqual(3);

  t.storage.blocked.add(stuck.imageIds[0] as string);
  const res = await setRetention(6, true);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({
    retentionMonths: 6,
    removed: { patients: 1, entries: 2, images: 1, users: 1 },
  });
  expect(body.removed.logs).toBeGreaterThanOrEqual(2);
  // cut-2's entry (no files) went; its patient and image stay, each recorded as a failure.
  expect(body.failures).toEqual([
    expect.objectContaining({ kind: 'patient', id: stuck.patient.id }),
    expect.objectContaining({ kind: 'image', id: stuck.imageIds[0] }),
  ]);

  // Everything else went at once: nothing is left for the nightly cleanup but the failure.
  expectError(await read(app(), clinic.clinician, `/api/patients/${gone.patient.id}`), 404, 'not_found');
  expect(storedFilesOf(app(), ...gone.imageIds)).toEqual([]);
  const restoreUser = await t.app.inject({
    method: 'POST',
    url: `/api/users/${leaver}/restore`,
    headers: clinic.admin.headers,
  });
  expectError(restoreUser, 404, 'not_found');
  const after = expectError(await setRetention(5), 409, 'confirmation_required');
  expect(after.details?.wouldExpireByKind).toMatchObject({ patients: 1, entries: 0, images: 1, users: 0 });

  // The failure is in the cleanup status and the audit trail; the stuck patient is not recoverable.
  const status = (await read(app(), root, '/api/admin/cleanup')).json();
  expect(status.lastRun).toMatchObject({
    trigger: 'retention',
    failures: body.failures,
  });
  const events = (await read(app(), root, '/api/audit?action=records.remove_expired')).json().items;
  expect(events[0]?.details).toMatchObject({ reason: 'retention_shortened', failures: 2 });
  expectError(
    await restoreRecord(app(), clinic.clinician, 'patients', stuck.patient.id, 'restore cut-2'),
    410,
    'expired',
  );

  t.storage.blocked.clear();
  const cleanup = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
  expect(cleanup.json()).toMatchObject({ removed: { patients: 1, entries: 0, images: 1 }, failures: [] });
  expectError(await read(app(), clinic.clinician, `/api/patients/${stuck.patient.id}`), 404, 'not_found');
  expect(storedFilesOf(app(), ...stuck.imageIds)).toEqual([]);
  // Redacted events show no expiry: the soonest expiry is one still to come.
  const soonest = (await read(app(), root, '/api/audit?sort=expiresAt&order=asc')).json().items[0];
  expect(soonest.expiresAt === null || new Date(soonest.expiresAt) > t.clock.now()).toBe(true);
  // The earlier run's failures stay listed after a later run succeeded.
  const runs = (await read(app(), root, '/api/admin/cleanup')).json().runs;
  expect(runs.map((r: { trigger: string }) => r.trigger)).toEqual(['manual', 'retention']);
  expect(runs[1].failures).toEqual(body.failures);
  expect((await read(app(), root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
});
