import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
});
afterAll(() => t?.close());

describe('patients: create and read', () => {
  it('lower-cases the unique ID and answers 201 with version 1 and an ETag', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: clinic.clinician.headers,
      payload: { uniqueId: 'AB-12', firstName: 'Ann' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ uniqueId: 'ab-12', version: 1, firstName: 'Ann', imageCount: 0 });
    expect(res.headers.etag).toBe('W/"1"');
  });

  it('refuses a taken unique ID with 409 unique_id_taken', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: clinic.assistant.headers,
      payload: { uniqueId: 'ab-12' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('unique_id_taken');
  });
});
