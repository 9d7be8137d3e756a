import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

// PRODUCT.md §2 and API.md: reading a patient, and changing it with versions, ETag and If-Match.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
});
afterAll(() => t?.close());

const get = (id: string, user = clinic.clinician) =>
  t.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: user.headers });
const patch = (id: string, payload: object, headers: Record<string, string> = {}, user = clinic.clinician) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/patients/${id}`,
    headers: { ...user.headers, ...headers },
    payload,
  });

describe('patients: read', () => {
  it('answers 200 with the patient and ETag W/"1"', async () => {
    const created = await createPatient(t, clinic.clinician, { uniqueId: 'read-1', firstName: 'Ann' });
    const res = await get(created.id, clinic.assistant);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.json()).toEqual(created);
  });

  it('answers 404 not_found for an unknown id', async () => {
    expectError(await get(randomUUID()), 404, 'not_found');
  });

  it('answers 404 not_found for an id that is not a UUID', async () => {
    expectError(await get('not-a-uuid'), 404, 'not_found');
    expectError(await get('1'), 404, 'not_found');
  });

  it("answers 404 not_found for another account's patient", async () => {
    const theirs = await createPatient(t, other.clinician, { uniqueId: 'theirs-1' });
    expectError(await get(theirs.id, clinic.clinician), 404, 'not_found');
    expectError(await get(theirs.id, clinic.admin), 404, 'not_found');
  });
});

describe('patients: update', () => {
  let p: PatientJson;
  beforeAll(async () => {
    p = await createPatient(t, clinic.clinician, { uniqueId: 'upd-1', firstName: 'Ann', email: 'a@b.ch' });
  });

  it('changes the given fields, keeps the others, adds 1 to the version and answers ETag W/"2"', async () => {
    const res = await patch(p.id, { lastName: 'Smith', note: 'New note' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.json()).toMatchObject({
      id: p.id,
      uniqueId: 'upd-1',
      version: 2,
      firstName: 'Ann',
      lastName: 'Smith',
      email: 'a@b.ch',
      note: 'New note',
    });
    expect((await get(p.id)).json().version).toBe(2);
  });

  it('accepts a matching If-Match and answers the next version', async () => {
    const res = await patch(p.id, { phone: '+41 44 000 00 00' }, { 'if-match': 'W/"2"' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(3);
    expect(res.headers.etag).toBe('W/"3"');
  });

  it('accepts If-Match without the weak prefix, and *', async () => {
    expect((await patch(p.id, { sex: 'female' }, { 'if-match': '"3"' })).json().version).toBe(4);
    expect((await patch(p.id, { sex: 'other' }, { 'if-match': '*' })).json().version).toBe(5);
  });

  it('refuses a stale If-Match with 412 version_mismatch and changes nothing', async () => {
    const error = expectError(
      await patch(p.id, { firstName: 'Lost' }, { 'if-match': 'W/"2"' }),
      412,
      'version_mismatch',
    );
    expect(error.details).toEqual({ currentVersion: 5 });
    const now = (await get(p.id)).json();
    expect(now).toMatchObject({ version: 5, firstName: 'Ann' });
  });

  it('refuses an If-Match that names no version with 412 version_mismatch', async () => {
    expectError(
      await patch(p.id, { firstName: 'Lost' }, { 'if-match': 'yesterday' }),
      412,
      'version_mismatch',
    );
  });

  it('clears a field sent as null', async () => {
    const res = await patch(p.id, { email: null });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBeNull();
    expect(res.json().version).toBe(6);
  });

  it('moves lastModifiedAt forward and keeps createdAt', async () => {
    const before = (await get(p.id)).json() as PatientJson;
    t.clock.advance(90 * 60_000);
    const after = (await patch(p.id, { note: 'Later' })).json() as PatientJson;
    expect(Date.parse(after.lastModifiedAt) - Date.parse(before.lastModifiedAt)).toBeGreaterThanOrEqual(
      90 * 60_000,
    );
    expect(after.createdAt).toBe(before.createdAt);
    expect(after).toMatchObject({ imageCount: 0, entryCount: 0, lastAppointmentAt: null });
  });

  it('lets an assistant change a patient too', async () => {
    const res = await patch(p.id, { address: 'Lake Road 2' }, {}, clinic.assistant);
    expect(res.statusCode).toBe(200);
    expect(res.json().address).toBe('Lake Road 2');
  });

  it('refuses invalid fields with 422 naming them, and keeps the version', async () => {
    const version = (await get(p.id)).json().version;
    expectInvalidFields(await patch(p.id, { email: 'nope', dateOfBirth: '2026-02-30' }), [
      'email',
      'dateOfBirth',
    ]);
    expectInvalidFields(await patch(p.id, { shoeSize: 42 }), ['shoeSize']);
    expectInvalidFields(await patch(p.id, { imageCount: 3 }), ['imageCount']);
    expect((await get(p.id)).json().version).toBe(version);
  });

  it('answers 404 for an unknown, a non-UUID and another account’s patient', async () => {
    const theirs = await createPatient(t, other.clinician, { uniqueId: 'theirs-2' });
    expectError(await patch(randomUUID(), { note: 'x' }), 404, 'not_found');
    expectError(await patch('nope', { note: 'x' }), 404, 'not_found');
    expectError(await patch(theirs.id, { note: 'x' }), 404, 'not_found');
    expect((await get(theirs.id, other.clinician)).json()).toMatchObject({ version: 1, note: null });
  });
});

describe('patients: changing the unique ID', () => {
  it('lower-cases the new unique ID', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'move-1' });
    const res = await patch(p.id, { uniqueId: 'MOVE-2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ uniqueId: 'move-2', version: 2 });
  });

  it('answers 409 unique_id_taken when another active patient holds it, and changes nothing', async () => {
    await createPatient(t, clinic.clinician, { uniqueId: 'held-1' });
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'free-1' });
    const error = expectError(await patch(p.id, { uniqueId: 'HELD-1' }), 409, 'unique_id_taken');
    expect(error.details).toEqual({ uniqueId: 'held-1' });
    expect((await get(p.id)).json()).toMatchObject({ uniqueId: 'free-1', version: 1 });
  });

  it("may take a unique ID that only another account's patient holds", async () => {
    await createPatient(t, other.clinician, { uniqueId: 'elsewhere-1' });
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'here-1' });
    expect((await patch(p.id, { uniqueId: 'elsewhere-1' })).statusCode).toBe(200);
  });

  it('keeps its own unique ID when it is sent again in other case', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'same-1' });
    const res = await patch(p.id, { uniqueId: 'SAME-1', firstName: 'Bo' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ uniqueId: 'same-1', firstName: 'Bo' });
  });

  it('refuses an invalid unique ID with 422 details.fields.uniqueId', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'valid-1' });
    expectInvalidFields(await patch(p.id, { uniqueId: 'a' }), ['uniqueId']);
    expectInvalidFields(await patch(p.id, { uniqueId: 'no spaces' }), ['uniqueId']);
    expectInvalidFields(await patch(p.id, { uniqueId: null }), ['uniqueId']);
  });
});
