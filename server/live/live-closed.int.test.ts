import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../db/schema-clinical.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';

// Editors with an entry open learn at once that it stopped being active, whoever or whatever
// deleted it, and only once the deletion is committed.
let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Closing Clinic');
  root = await createSuperAdmin(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;
});
afterAll(() => t?.close());

async function entryOf(patientId: string, user: TestUser = clinic.clinician) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/entries`,
    headers: user.headers,
    payload: { appointmentAt: '2026-02-01T10:00:00Z', notes: 'open' },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; patientId: string };
}

/** An editor with these entries open. */
async function editor(user: TestUser, ...entryIds: string[]) {
  const c = await liveClient(url, user.headers);
  for (const entryId of entryIds) {
    c.send({ type: 'subscribe', entryId });
    expect(await c.next()).toMatchObject({ type: 'subscribed', entryId });
  }
  return c;
}

const patchNotes = (entryId: string, notes: string, user: TestUser = clinic.admin) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/entries/${entryId}`,
    headers: user.headers,
    payload: { notes },
  });

describe('editors of an entry that stops being active', () => {
  it('are told when another user deletes it, and only they are', async () => {
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'closed-1' });
    const [open, other] = [await entryOf(patient.id), await entryOf(patient.id)];
    const a = await editor(clinic.assistant, open.id);
    const b = await editor(clinic.clinician, other.id);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/entries/${open.id}`,
      headers: clinic.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(await a.next()).toEqual({ type: 'closed', entryId: open.id, reason: 'deleted' });
    // B heard nothing of it: the next thing it hears is an edit of its own entry.
    expect((await patchNotes(other.id, 'still here')).statusCode).toBe(200);
    expect(await b.next()).toMatchObject({ type: 'updated', entryId: other.id });
    // A no longer hears the entry; an edit it still sends is refused as before.
    a.send({ type: 'patch', entryId: open.id, baseVersion: 1, changes: { notes: 'late' }, requestId: 'r' });
    expect(await a.next()).toMatchObject({ type: 'error', requestId: 'r', code: 'deleted' });
    a.close();
    b.close();
  });

  it('are told when the patient is deleted with its entries', async () => {
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'closed-2' });
    const [one, two] = [await entryOf(patient.id), await entryOf(patient.id)];
    const a = await editor(clinic.assistant, one.id, two.id);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/patients/${patient.id}`,
      headers: clinic.clinician.headers,
      payload: { reason: 'duplicate', confirmation: 'delete closed-2' },
    });
    expect(res.statusCode).toBe(200);
    const heard = [await a.next(), await a.next()];
    expect(heard).toEqual(
      expect.arrayContaining([
        { type: 'closed', entryId: one.id, reason: 'deleted' },
        { type: 'closed', entryId: two.id, reason: 'deleted' },
      ]),
    );
    a.close();
  });

  it('are told it was removed for good when it is expunged', async () => {
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'closed-3' });
    const entry = await entryOf(patient.id);
    const a = await editor(clinic.clinician, entry.id);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/entries/${entry.id}/expunge`,
      headers: root.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(await a.next()).toEqual({ type: 'closed', entryId: entry.id, reason: 'removed' });
    a.close();
  });

  it('are told nothing when the deleting transaction rolls back', async () => {
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'closed-4' });
    const entry = await entryOf(patient.id);
    const a = await editor(clinic.assistant, entry.id);
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.update(entries).set({ deletedAt: t.clock.now() }).where(eq(entries.id, entry.id));
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect((await patchNotes(entry.id, 'still active')).statusCode).toBe(200);
    expect(await a.next()).toMatchObject({ type: 'updated', entryId: entry.id, version: 2 });
    a.close();
  });

  it('are told when their account is deleted', async () => {
    const leaving = await seedAccount(t, 'Leaving Clinic');
    const patient = await createPatient(t, leaving.clinician, { uniqueId: 'closed-5' });
    const entry = await entryOf(patient.id, leaving.clinician);
    const a = await editor(leaving.assistant, entry.id);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/accounts/${leaving.account.id}`,
      headers: root.headers,
      payload: { confirmation: 'delete account Leaving Clinic' },
    });
    expect(res.statusCode).toBe(200);
    // Its users' access ends in the deletion's first transaction (live-access.int.test.ts), so the
    // socket closes with that reason, usually before the entry's removal could be heard.
    expect([
      { type: 'closed', entryId: entry.id, reason: 'removed' },
      { type: 'closed', reason: 'account_deleted' },
    ]).toContainEqual(await a.next());
    a.close();
  });

  it('are told it was removed for good when deleted under the Permanent policy', async () => {
    const set = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { deletionPolicy: 'permanent', confirmPolicyChange: true },
    });
    expect(set.statusCode).toBe(200);
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'closed-6' });
    const entry = await entryOf(patient.id);
    const a = await editor(clinic.assistant, entry.id);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/entries/${entry.id}`,
      headers: clinic.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(await a.next()).toEqual({ type: 'closed', entryId: entry.id, reason: 'removed' });
    a.close();
  });
});
