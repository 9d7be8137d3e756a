import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectError } from '../../testing/expect-error.ts';
import { failingAfter } from '../../testing/failing-store.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords, storedFilesOf } from '../../testing/lifecycle.ts';
import type { Actor } from '../context.ts';
import { deletePatient } from './delete-patient.ts';
import { removeExpiredRecords } from './remove-expired.ts';
import { removeRecords } from './remove-records.ts';

// A removal that stops between its files and its rows (a crash, a storage error) leaves rows whose
// files are partly gone. Such a record must never come back through a recovery, whatever happens
// before the next cleanup (a longer retention period), and the next cleanup must finish it.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Interrupted Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const settings = (payload: object) =>
  t.app.inject({ method: 'PATCH', url: '/api/settings', headers: root.headers, payload });
const cleanup = () => t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
const ctx = () => ({ db: t.database.db, clock: t.clock });

it('does not recover an expired patient whose removal stopped halfway, even after retention grows', async () => {
  t.clock.set(new Date('2026-01-01T10:00:00Z'));
  const r = await seedRecords(t, clinic.clinician, 'half-1', { entries: 1, images: 2 });
  expect(
    (await deleteRecord(t, clinic.clinician, 'patients', r.patient.id, 'delete half-1')).statusCode,
  ).toBe(200);
  t.clock.set(new Date('2036-02-01T10:00:00Z')); // past 120 months
  await expect(removeExpiredRecords(ctx(), failingAfter(t.storage, 2))).rejects.toThrow(
    /storage unavailable/,
  );
  expect(storedFilesOf(t, ...r.imageIds)).toHaveLength(4);

  // It had expired under 120 months: the longer period does not bring it back, the change
  // finishes its removal at once.
  const raised = await settings({ retentionMonths: 240 });
  expect(raised.statusCode, raised.body).toBe(200);
  expect(raised.json().removed).toMatchObject({ patients: 1, entries: 1, images: 2 });
  expectError(
    await restoreRecord(t, clinic.clinician, 'patients', r.patient.id, 'restore half-1'),
    404,
    'not_found',
  );
  expect((await cleanup()).json().removed).toMatchObject({ patients: 0, entries: 0, images: 0 });
  expect((await read(t, clinic.clinician, `/api/patients/${r.patient.id}`)).statusCode).toBe(404);
  expect(storedFilesOf(t, ...r.imageIds)).toEqual([]);
  expect((await settings({ retentionMonths: 120, confirmReduction: true })).statusCode).toBe(200);
});

it('does not recover a patient whose permanent deletion stopped halfway; the cleanup finishes it', async () => {
  t.clock.set(new Date('2026-03-01T10:00:00Z'));
  expect((await settings({ deletionPolicy: 'permanent', confirmPolicyChange: true })).statusCode).toBe(200);
  const r = await seedRecords(t, clinic.clinician, 'half-2', { entries: 1, images: 1 });
  const actor: Actor = {
    userId: clinic.clinician.id,
    email: clinic.clinician.email,
    role: 'clinician',
    accountId: clinic.account.id,
    via: 'token',
  };
  await expect(
    deletePatient(ctx(), failingAfter(t.storage, 1), actor, r.patient.id, 'delete half-2', {
      reason: 'duplicate',
    }),
  ).rejects.toThrow(/storage unavailable/);
  expect(storedFilesOf(t, ...r.imageIds)).toHaveLength(2);
  expect((await settings({ deletionPolicy: 'recoverable' })).statusCode).toBe(200);

  expectError(
    await restoreRecord(t, clinic.clinician, 'patients', r.patient.id, 'restore half-2'),
    410,
    'expired',
  );
  expect((await cleanup()).json().removed).toMatchObject({ patients: 1, entries: 1, images: 1 });
  expect((await read(t, clinic.clinician, `/api/patients/${r.patient.id}`)).statusCode).toBe(404);
  expect(storedFilesOf(t, ...r.imageIds)).toEqual([]);
});

it('a batch whose files fail leaves the batch before it removed, itself marked, no later file touched', async () => {
  // The rows of one batch are removed while the next batch's files go, and the batch after that is
  // marked meanwhile: the failure must still let the first commit, and no later batch's files go.
  t.clock.set(new Date('2026-04-01T10:00:00Z'));
  expect((await settings({ deletionPolicy: 'recoverable' })).statusCode).toBe(200);
  const r = await seedRecords(t, clinic.clinician, 'half-3', { entries: 1, images: 4 });
  for (const id of r.imageIds) {
    expect((await deleteRecord(t, clinic.clinician, 'images', id)).statusCode).toBe(200);
  }
  const [first, second, third, fourth] = r.imageIds as [string, string, string, string];
  // Three files each: the first batch's three go, then one of the second's, then the store fails.
  await expect(
    removeRecords(ctx(), failingAfter(t.storage, 4), { imageIds: r.imageIds }, { batchSize: 1 }),
  ).rejects.toThrow(/storage unavailable/);
  const kinds = new Map(
    (
      await t.database.raw('select id, deletion_kind from images where id = any($1::uuid[])', [r.imageIds])
    ).map((row) => [String(row.id), String(row.deletion_kind)]),
  );
  expect(kinds.has(first)).toBe(false);
  expect(storedFilesOf(t, first)).toEqual([]);
  expect(kinds.get(second)).toBe('removing');
  expect(storedFilesOf(t, second)).toHaveLength(2);
  // Marked or not, depending on when the failure came; a rerun of the cleanup finishes it.
  expect(['removing', 'individual']).toContain(kinds.get(third));
  expect(storedFilesOf(t, third)).toHaveLength(3);
  expect(kinds.get(fourth)).toBe('individual');
  expect(storedFilesOf(t, fourth)).toHaveLength(3);
});
