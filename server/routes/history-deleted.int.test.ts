import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// Assistants may not see deleted records (PRODUCT.md §1, §6), and a record's past versions are the
// record too: every history and version read answers them 404 once it is deleted, on the API and
// on FHIR (history and vread), while clinicians and admins still read them.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'History Clinic');
});
afterAll(() => t?.close());

const get = (url: string, user: TestUser) => t.app.inject({ method: 'GET', url, headers: user.headers });

/** A patient with one entry and one image, then deleted with them. */
async function deletedPatient(uniqueId: string) {
  const p = await createPatient(t, clinic.clinician, { uniqueId });
  const entry = (
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/entries`,
      headers: clinic.clinician.headers,
      payload: { appointmentAt: '2026-01-05T10:00:00Z' },
    })
  ).json();
  const image = (
    await upload(t, clinic.clinician.headers, p.id, [{ filename: 'h.jpg', data: await makeJpeg(32, 32) }])
  ).json().created[0];
  const del = await t.app.inject({
    method: 'DELETE',
    url: `/api/patients/${p.id}`,
    headers: clinic.clinician.headers,
    payload: { reason: 'duplicate', confirmation: `delete ${uniqueId}` },
  });
  expect(del.statusCode, del.body).toBe(200);
  return { patientId: p.id, entryId: entry.id as string, imageId: image.id as string };
}

const historyUrls = (r: Awaited<ReturnType<typeof deletedPatient>>) => [
  `/api/patients/${r.patientId}/history`,
  `/api/patients/${r.patientId}/history/1`,
  `/api/entries/${r.entryId}/history`,
  `/api/entries/${r.entryId}/history/1`,
  `/api/images/${r.imageId}/history`,
  `/api/images/${r.imageId}/history/1`,
  `/fhir/R4/Patient/${r.patientId}/_history`,
  `/fhir/R4/Patient/${r.patientId}/_history/1`,
  `/fhir/R4/Encounter/${r.entryId}/_history`,
  `/fhir/R4/Encounter/${r.entryId}/_history/1`,
  `/fhir/R4/Media/${r.imageId}/_history`,
  `/fhir/R4/Media/${r.imageId}/_history/1`,
];

describe('history of deleted records', () => {
  it('answers assistants 404 on every history and version read, API and FHIR', async () => {
    const r = await deletedPatient('hist-gone-1');
    const got: Record<string, number> = {};
    for (const url of historyUrls(r)) got[url] = (await get(url, clinic.assistant)).statusCode;
    expect(got).toEqual(Object.fromEntries(historyUrls(r).map((u) => [u, 404])));
  });

  it('still shows them to clinicians and admins', async () => {
    const r = await deletedPatient('hist-gone-2');
    for (const user of [clinic.clinician, clinic.admin]) {
      const got: Record<string, number> = {};
      for (const url of historyUrls(r)) got[url] = (await get(url, user)).statusCode;
      expect(got).toEqual(Object.fromEntries(historyUrls(r).map((u) => [u, 200])));
    }
  });

  it('shows assistants the history of records that are not deleted', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'hist-here' });
    expect((await get(`/api/patients/${p.id}/history/1`, clinic.assistant)).statusCode).toBe(200);
    expect((await get(`/fhir/R4/Patient/${p.id}/_history/1`, clinic.assistant)).statusCode).toBe(200);
  });
});
