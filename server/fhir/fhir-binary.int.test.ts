import type { Binary, Bundle, DocumentReference, Media } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInjected } from '../testing/fhir-valid.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { seedRecords } from '../testing/lifecycle.ts';

// Images as Binary (Media.content.url) and PDF reports as DocumentReference with their Binary.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  clinic = await seedAccount(t, 'Binary Clinic');
  other = (await seedAccount(t, 'Other Clinic')).clinician;
});
afterAll(() => t?.close());

const get = (url: string, user: TestUser, accept = 'application/fhir+json') =>
  t.app.inject({ method: 'GET', url, headers: { ...user.headers, accept } });
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

describe('Binary and DocumentReference', () => {
  it('serves an image’s bytes as Binary: raw for its type, base64 for FHIR JSON', async () => {
    const { imageIds } = await seedRecords(t, clinic.clinician, 'bin-1', { entries: 0, images: 1 });
    const id = imageIds[0] as string;
    const media = (await get(`/fhir/R4/Media/${id}`, clinic.clinician)).json() as Media;
    expect(media.content.url).toMatch(new RegExp(`/fhir/R4/Binary/${id}$`));
    const original = await get(`/api/images/${id}/file?size=original`, clinic.clinician, '*/*');
    const raw = await get(local(media.content.url as string), clinic.clinician, 'image/jpeg');
    expect([raw.statusCode, raw.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect(raw.rawPayload).toEqual(original.rawPayload);
    const json = await get(`/fhir/R4/Binary/${id}`, clinic.clinician);
    const binary = json.json() as Binary;
    expect([json.statusCode, binary.resourceType, binary.contentType]).toEqual([200, 'Binary', 'image/jpeg']);
    expect(Buffer.from(binary.data as string, 'base64')).toEqual(original.rawPayload);
    // The assistant reads it as through the API; another account does not see it.
    expect((await get(`/fhir/R4/Binary/${id}`, clinic.assistant)).statusCode).toBe(200);
    expect((await get(`/fhir/R4/Binary/${id}`, other)).statusCode).toBe(404);
    expect((await get(`/fhir/R4/Binary/${id}`, other, 'image/jpeg')).statusCode).toBe(404);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/fhir/R4/Media/${id}`,
      headers: clinic.clinician.headers,
    });
    expect(deleted.statusCode).toBe(200);
    expect((await get(`/fhir/R4/Binary/${id}`, clinic.clinician)).statusCode).toBe(410);
    expect((await get(`/fhir/R4/Binary/${id}`, clinic.clinician, 'image/jpeg')).statusCode).toBe(410);
  });

  it('lists a patient’s reports as DocumentReferences whose Binary is the PDF', async () => {
    const { patient, entryIds } = await seedRecords(t, clinic.clinician, 'bin-2', { entries: 2, images: 0 });
    const search = await get(`/fhir/R4/DocumentReference?patient=${patient.id}`, clinic.clinician);
    expect(search.statusCode, search.body).toBe(200);
    const docs = ((search.json() as Bundle).entry ?? []).map((e) => e.resource as DocumentReference);
    expect(docs.map((d) => d.id)).toEqual([`patient-${patient.id}`, ...entryIds.map((e) => `entry-${e}`)]);
    expect(docs[1]?.context?.encounter?.[0]?.reference).toBe(`Encounter/${entryIds[0]}`);
    const read = (await get(`/fhir/R4/DocumentReference/patient-${patient.id}`, clinic.clinician)).json();
    expect(read.subject.reference).toBe(`Patient/${patient.id}`);
    const url = local(read.content[0].attachment.url);
    expect(url).toBe(`/fhir/R4/Binary/report-patient-${patient.id}`);
    const pdf = await get(url, clinic.clinician, 'application/pdf');
    expect([pdf.statusCode, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const entryPdf = (await get(`/fhir/R4/Binary/report-entry-${entryIds[0]}`, clinic.clinician)).json();
    expect([entryPdf.contentType, Buffer.from(entryPdf.data, 'base64').subarray(0, 5).toString()]).toEqual([
      'application/pdf',
      '%PDF-',
    ]);

    expect((await get(`/fhir/R4/DocumentReference/patient-${patient.id}`, other)).statusCode).toBe(404);
    expect((await get(`/fhir/R4/DocumentReference?patient=${patient.id}`, other)).statusCode).toBe(404);
    expect((await get('/fhir/R4/DocumentReference', clinic.clinician)).statusCode).toBe(400);
    expect((await get('/fhir/R4/DocumentReference/nonsense', clinic.clinician)).statusCode).toBe(404);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/fhir/R4/Patient/${patient.id}`,
      headers: clinic.clinician.headers,
    });
    expect(removed.statusCode).toBe(200);
    expect((await get(`/fhir/R4/DocumentReference/patient-${patient.id}`, clinic.clinician)).statusCode).toBe(
      410,
    );
    expect((await get(url, clinic.clinician, 'application/pdf')).statusCode).toBe(410);
  });
});
