import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  cookieLogin,
  createPatient,
  createSuperAdmin,
  type PatientJson,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
} from '../testing/harness.ts';
import { changeFirstPassword } from '../testing/passwords.ts';

// PRODUCT.md §6 "Versions and history": every create and update writes a version; the history is
// newest first, each version readable on its own.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let p: PatientJson;

interface Version {
  version: number;
  operation: string;
  changedAt: string;
  changedBy: string | null;
  changedByEmail: string | null;
  data: Record<string, unknown>;
}

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  p = await createPatient(t, clinic.clinician, { uniqueId: 'hist-1', firstName: 'Ann' });
  t.clock.advance(60_000);
  await patch({ firstName: 'Anne', lastName: 'Smith' }, clinic.clinician);
  t.clock.advance(60_000);
  await patch({ uniqueId: 'HIST-2', note: 'Renamed' }, clinic.assistant);
});
afterAll(() => t?.close());

async function patch(payload: object, user = clinic.clinician, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/patients/${p.id}`,
    headers: { ...user.headers, ...headers },
    payload,
  });
}
const get = (url: string, user = clinic.clinician) =>
  t.app.inject({ method: 'GET', url, headers: user.headers });
const history = async () => (await get(`/api/patients/${p.id}/history`)).json().items as Version[];

describe('patient history', () => {
  it('lists one version per create and update, newest first', async () => {
    const res = await get(`/api/patients/${p.id}/history`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Version[];
    expect(items.map((v) => [v.version, v.operation])).toEqual([
      [3, 'update'],
      [2, 'update'],
      [1, 'create'],
    ]);
  });

  it('records who changed it and when, each version later than the one before', async () => {
    const [v3, v2, v1] = await history();
    expect([v1?.changedBy, v2?.changedBy, v3?.changedBy]).toEqual([
      clinic.clinician.id,
      clinic.clinician.id,
      clinic.assistant.id,
    ]);
    expect(Date.parse(v2?.changedAt ?? '') - Date.parse(v1?.changedAt ?? '')).toBeGreaterThanOrEqual(60_000);
    expect(Date.parse(v3?.changedAt ?? '') - Date.parse(v2?.changedAt ?? '')).toBeGreaterThanOrEqual(60_000);
    expect(v1?.changedAt).toBe(p.createdAt);
    expect([v1?.changedByEmail, v2?.changedByEmail, v3?.changedByEmail]).toEqual([
      clinic.clinician.email,
      clinic.clinician.email,
      clinic.assistant.email,
    ]);
  });

  it('keeps the state after each change in its version', async () => {
    const [v3, v2, v1] = await history();
    expect(v1?.data).toMatchObject({ uniqueId: 'hist-1', firstName: 'Ann', lastName: null, version: 1 });
    expect(v2?.data).toMatchObject({ uniqueId: 'hist-1', firstName: 'Anne', lastName: 'Smith', version: 2 });
    expect(v3?.data).toMatchObject({ uniqueId: 'hist-2', firstName: 'Anne', note: 'Renamed', version: 3 });
  });

  it('stores what people typed, not the computed fields', async () => {
    const [v1] = (await history()).slice(-1);
    expect(Object.keys(v1?.data ?? {})).toEqual(
      expect.arrayContaining(['id', 'uniqueId', 'firstName', 'dateOfBirth', 'tagIds', 'lastModifiedAt']),
    );
    for (const computed of ['imageCount', 'entryCount', 'lastAppointmentAt', 'effectiveTagIds']) {
      expect(v1?.data).not.toHaveProperty(computed);
    }
  });

  it('answers one version by its number', async () => {
    const res = await get(`/api/patients/${p.id}/history/2`);
    expect(res.statusCode).toBe(200);
    const v = res.json() as Version;
    expect(v).toMatchObject({
      version: 2,
      operation: 'update',
      changedBy: clinic.clinician.id,
      changedByEmail: clinic.clinician.email,
    });
    expect(v).toEqual((await history())[1]);
    expect((await get(`/api/patients/${p.id}/history/1`)).json().data.firstName).toBe('Ann');
  });

  it('answers 404 not_found for a version that does not exist', async () => {
    expectError(await get(`/api/patients/${p.id}/history/4`), 404, 'not_found');
    expectError(await get(`/api/patients/${p.id}/history/999999`), 404, 'not_found');
  });

  it('answers 422 for a version that is not a positive whole number', async () => {
    expectInvalidFields(await get(`/api/patients/${p.id}/history/0`), ['version']);
    expectInvalidFields(await get(`/api/patients/${p.id}/history/latest`), ['version']);
    expectInvalidFields(await get(`/api/patients/${p.id}/history/1.5`), ['version']);
  });

  it('answers 404 for the history of an unknown or non-UUID patient', async () => {
    expectError(await get(`/api/patients/${randomUUID()}/history`), 404, 'not_found');
    expectError(await get('/api/patients/nope/history'), 404, 'not_found');
    expectError(await get(`/api/patients/${randomUUID()}/history/1`), 404, 'not_found');
  });

  it('lets an assistant and an admin read the history too', async () => {
    expect((await get(`/api/patients/${p.id}/history`, clinic.assistant)).json().items).toHaveLength(3);
    expect((await get(`/api/patients/${p.id}/history/3`, clinic.admin)).statusCode).toBe(200);
  });
});

describe('patient history: refused changes write no version', () => {
  it('a stale If-Match, a taken unique ID and invalid input leave the history as it was', async () => {
    await createPatient(t, clinic.clinician, { uniqueId: 'taken-1' });
    expect((await patch({ note: 'x' }, clinic.clinician, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    expect((await patch({ uniqueId: 'taken-1' })).statusCode).toBe(409);
    expect((await patch({ email: 'not-an-email' })).statusCode).toBe(422);
    expect((await history()).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('a new patient starts its own history at version 1', async () => {
    const q = await createPatient(t, clinic.clinician, { uniqueId: 'hist-3' });
    const items = (await get(`/api/patients/${q.id}/history`)).json().items as Version[];
    expect(items.map((v) => [v.version, v.operation])).toEqual([[1, 'create']]);
  });
});

describe('patient history after a soft delete', () => {
  it('stays readable while the patient itself answers 410', async () => {
    const q = await createPatient(t, clinic.clinician, { uniqueId: 'hist-del' });
    // No DELETE route yet: mark the row deleted with SQL, as the deletion service will.
    await t.database.raw('update patients set deleted_at = $1 where id = $2', [
      t.clock.now().toISOString(),
      q.id,
    ]);
    expectError(await get(`/api/patients/${q.id}`), 410, 'deleted');
    expect((await get(`/api/patients/${q.id}/history`)).statusCode).toBe(200);
    expect((await get(`/api/patients/${q.id}/history/1`)).json().data.uniqueId).toBe('hist-del');
  });
});

describe('patient history: who made a change, once that user is deleted', () => {
  it('names a deleted user by e-mail, and no one once the user is removed for good', async () => {
    const root = await createSuperAdmin(t);
    // A clinician of the clinic who edits the patient once and is then deleted.
    const editOnceAs = async (email: string, phone: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: root.headers,
        payload: { email, password: TEST_PASSWORD, role: 'clinician', accountId: clinic.account.id },
      });
      expect(res.statusCode, res.body).toBe(201);
      const session = await cookieLogin(t, email, await changeFirstPassword(t, email));
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${p.id}`,
        cookies: session.cookies,
        headers: session.csrfHeader,
        payload: { phone },
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const id = res.json().id as string;
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/api/users/${id}`,
        headers: root.headers,
      });
      expect(deleted.statusCode, deleted.body).toBe(200);
      return id;
    };
    const setPolicy = (deletionPolicy: string) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: root.headers,
        payload: { deletionPolicy, confirmPolicyChange: true },
      });

    // Deleted but recoverable (Standard): still the person who made the change.
    const leaving = await editOnceAs('leaving@history.test', '+41 44 000 00 00');
    expect((await history())[0]).toMatchObject({
      changedBy: leaving,
      changedByEmail: 'leaving@history.test',
    });

    // Removed for good (Permanent): the id stays, the e-mail does not.
    expect((await setPolicy('permanent')).statusCode).toBe(200);
    try {
      const gone = await editOnceAs('gone@history.test', '+41 44 000 00 01');
      const [v] = await history();
      expect(v).toMatchObject({ changedBy: gone, changedByEmail: null });
      expect((await get(`/api/patients/${p.id}/history/${v?.version}`)).json().changedByEmail).toBeNull();
      // The earlier version still names its author.
      expect((await history())[1]?.changedByEmail).toBe('leaving@history.test');
    } finally {
      expect((await setPolicy('standard')).statusCode).toBe(200);
    }
  });
});
