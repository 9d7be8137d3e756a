import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// PRODUCT.md §2: the unique ID, the optional fields and the computed fields of a new patient.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
});
afterAll(() => t?.close());

const post = (payload: unknown, user = clinic.clinician) =>
  t.app.inject({ method: 'POST', url: '/api/patients', headers: user.headers, payload: payload as object });

describe('patients: unique ID rules', () => {
  it('lower-cases AB-12 to ab-12 before storing it', async () => {
    const res = await post({ uniqueId: 'AB-12' });
    expect(res.statusCode).toBe(201);
    expect(res.json().uniqueId).toBe('ab-12');
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${res.json().id}`,
      headers: clinic.clinician.headers,
    });
    expect(read.json().uniqueId).toBe('ab-12');
  });

  it.each([
    ['xy', 'two characters'],
    ['a'.repeat(32), '32 characters'],
    ['a_b-9', 'underscore, hyphen and digit'],
    ['0123', 'digits only'],
  ])('accepts %j (%s)', async (uniqueId) => {
    const res = await post({ uniqueId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().uniqueId).toBe(uniqueId);
  });

  it.each([
    ['a', 'one character'],
    ['b'.repeat(33), '33 characters'],
    ['a b', 'a space'],
    ['é1', 'an é'],
    ['a.b', 'a dot'],
    ['a/b', 'a slash'],
    ['', 'nothing'],
    ['  ', 'only spaces'],
  ])('rejects %j (%s) with 422 and details.fields.uniqueId', async (uniqueId) => {
    const fields = expectInvalidFields(await post({ uniqueId }), ['uniqueId']);
    expect(fields.uniqueId).toEqual(expect.any(String));
  });

  it('rejects a missing unique ID with 422 naming uniqueId', async () => {
    expectInvalidFields(await post({ firstName: 'Nobody' }), ['uniqueId']);
  });

  it('refuses a unique ID that an active patient of the account holds: 409 unique_id_taken', async () => {
    await createPatient(t, clinic.clinician, { uniqueId: 'dup-1' });
    const error = expectError(await post({ uniqueId: 'dup-1' }, clinic.assistant), 409, 'unique_id_taken');
    expect(error.details).toEqual({ uniqueId: 'dup-1' });
  });

  it('compares unique IDs after lower-casing: DUP-1 is taken by dup-1', async () => {
    expectError(await post({ uniqueId: 'DUP-1' }), 409, 'unique_id_taken');
  });

  it('allows the same unique ID in another account', async () => {
    const res = await post({ uniqueId: 'dup-1' }, other.clinician);
    expect(res.statusCode).toBe(201);
    expect(res.json().uniqueId).toBe('dup-1');
  });

  it("lets a new patient reuse a deleted patient's unique ID", async () => {
    const first = await createPatient(t, clinic.clinician, { uniqueId: 'reuse-1' });
    // There is no DELETE route yet: soft-delete the row the way the deletion will, with SQL.
    await t.database.raw('update patients set deleted_at = $1, deleted_by = $2 where id = $3', [
      t.clock.now().toISOString(),
      clinic.clinician.id,
      first.id,
    ]);
    const second = await post({ uniqueId: 'reuse-1' });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.id);
    const old = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${first.id}`,
      headers: clinic.clinician.headers,
    });
    const error = expectError(old, 410, 'deleted');
    expect(error.details).toEqual({
      deletedAt: expect.any(String),
      deletedBy: expect.any(String),
      deletedByEmail: expect.any(String),
      expiresAt: expect.any(String),
      held: false,
    });
  });
});

describe('patients: optional fields', () => {
  it('stores every optional field and answers it back', async () => {
    const fields = {
      firstName: 'Ann',
      lastName: 'Smith',
      dateOfBirth: '1984-02-29',
      sex: 'female',
      email: 'ann@example.org',
      phone: '+41 (0)44 123-45.67',
      address: 'Main Street 1, Zurich',
      note: 'Prefers mornings.',
    };
    const res = await post({ uniqueId: 'full-1', ...fields });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ uniqueId: 'full-1', ...fields });
  });

  it('leaves omitted fields null and accepts explicit nulls', async () => {
    const res = await post({ uniqueId: 'sparse-1', email: null, sex: null });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      firstName: null,
      lastName: null,
      dateOfBirth: null,
      sex: null,
      email: null,
      phone: null,
      address: null,
      note: null,
    });
  });

  it.each([
    { field: 'email', value: 'not-an-email', why: 'not an e-mail address' },
    { field: 'dateOfBirth', value: '2026-02-30', why: 'February 30th' },
    { field: 'dateOfBirth', value: '2025-13-01', why: 'month 13' },
    { field: 'dateOfBirth', value: '1990-1-5', why: 'not YYYY-MM-DD' },
    { field: 'dateOfBirth', value: '05.01.1990', why: 'a European date' },
    { field: 'sex', value: 'robot', why: 'not female, male, other or unknown' },
    { field: 'phone', value: 'call me maybe', why: 'letters' },
    { field: 'firstName', value: 42, why: 'a number' },
    { field: 'note', value: 'x'.repeat(5001), why: 'over 5000 characters' },
  ])('rejects $field when $why with 422 naming that field', async ({ field, value }) => {
    expectInvalidFields(await post({ uniqueId: 'bad-1', [field]: value }), [field]);
  });

  it('rejects an unknown extra field with 422 naming it', async () => {
    const fields = expectInvalidFields(await post({ uniqueId: 'extra-1', favouriteColor: 'blue' }), [
      'favouriteColor',
    ]);
    expect(fields.favouriteColor).toEqual(expect.any(String));
  });

  it('names every bad field at once', async () => {
    const res = await post({ uniqueId: 'bad-2', email: 'x', sex: 'robot', dateOfBirth: '2026-02-30' });
    expectInvalidFields(res, ['email', 'sex', 'dateOfBirth']);
  });

  it('creates nothing when the input is refused', async () => {
    await post({ uniqueId: 'bad-3', email: 'nope' });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/patients?q=bad-3',
      headers: clinic.clinician.headers,
    });
    expect(list.json().total).toBe(0);
  });
});

describe('patients: computed fields of a new patient', () => {
  it('starts with version 1, no images, no entries, no appointment and consent none', async () => {
    const before = t.clock.now().getTime();
    const res = await post({ uniqueId: 'fresh-1' });
    const after = t.clock.now().getTime();
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      version: 1,
      imageCount: 0,
      entryCount: 0,
      lastAppointmentAt: null,
      tagIds: [],
      effectiveTagIds: [],
      consent: { status: 'none' },
    });
    expect(p.lastModifiedAt).toBe(p.createdAt);
    const created = Date.parse(p.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
  });

  it('refuses computed fields typed in by hand (imageCount, entryCount) with 422', async () => {
    const res = await post({ uniqueId: 'typed-1', imageCount: 5, entryCount: 2 });
    expectInvalidFields(res, ['imageCount', 'entryCount']);
  });
});
