import type { Binary, Bundle, Encounter, Media, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerOf, listen } from '../testing/fhir.ts';
import { validatingFetch } from '../testing/fhir-valid.ts';
import { createSuperAdmin, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { seedRecords } from '../testing/lifecycle.ts';
import { EXPUNGE_AVAILABLE } from './expunge.ts';
import { SYSTEM } from './systems.ts';

// The FHIR facade driven by a second, independent client library, with personal API tokens as
// bearer tokens, on a real port.

let t: TestApp;
let fhir: Client;
let operator: Client;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

/** The status and OperationOutcome of a failed call. */
async function failure(p: Promise<unknown>) {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { response?: { status: number; data: OperationOutcome } } | undefined;
  if (!err?.response) throw new Error('the call did not fail');
  return { status: err.response.status, outcome: err.response.data };
}

const plainFetch = globalThis.fetch;

beforeAll(async () => {
  // fhir-kit-client calls the global fetch: every answer it receives is validated.
  globalThis.fetch = validatingFetch(plainFetch);
  t = await startTestApp();
  const origin = await listen(t);
  clinic = await seedAccount(t, 'Kit Clinic');
  const root = await createSuperAdmin(t);
  fhir = new Client({ baseUrl: `${origin}/fhir/R4`, bearerToken: bearerOf(clinic.clinician) });
  operator = new Client({ baseUrl: `${origin}/fhir/R4`, bearerToken: bearerOf(root) });
});
afterAll(async () => {
  globalThis.fetch = plainFetch;
  await t?.close();
});

const expungeOf = (id: string, everything = false) =>
  operator.request(`Patient/${id}/$expunge${everything ? '?everything=true' : ''}`, { method: 'POST' });

describe('FHIR with fhir-kit-client (bearer API token)', () => {
  it('create, read, update with If-Match, history, delete, read 410, vread, $expunge, read 404', async () => {
    const created = (await fhir.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', identifier: [{ system: SYSTEM.uniqueId, value: 'kit-1' }] },
    })) as unknown as Patient;
    const id = created.id as string;
    const read = (await fhir.read({ resourceType: 'Patient', id })) as unknown as Patient;
    expect(read.meta?.versionId).toBe('1');

    const body = { ...read, name: [{ family: 'Okafor', given: ['Ada'] }] };
    const headers = { 'If-Match': 'W/"1"' };
    const updated = (await fhir.update({
      resourceType: 'Patient',
      id,
      body,
      options: { headers },
    })) as unknown as Patient;
    expect(updated.meta?.versionId).toBe('2');
    const stale = await failure(fhir.update({ resourceType: 'Patient', id, body, options: { headers } }));
    expect(stale.status).toBe(412);
    expect(stale.outcome.id).toBe('precondition-failed');

    const history = (await fhir.resourceHistory({ resourceType: 'Patient', id })) as unknown as Bundle;
    expect(history.entry?.map((e) => e.response?.etag)).toEqual(['W/"2"', 'W/"1"']);

    expect(await fhir.delete({ resourceType: 'Patient', id })).toMatchObject({ id: 'ok' });
    const gone = await failure(fhir.read({ resourceType: 'Patient', id }));
    expect([gone.status, gone.outcome.id, gone.outcome.issue?.[0]?.code]).toEqual([410, 'gone', 'deleted']);
    const afterDelete = (await fhir.resourceHistory({ resourceType: 'Patient', id })) as unknown as Bundle;
    expect(afterDelete.entry?.[0]?.request).toEqual({ method: 'DELETE', url: `Patient/${id}` });
    const v2 = (await fhir.vread({ resourceType: 'Patient', id, version: '2' })) as unknown as Patient;
    expect(v2.name?.[0]?.family).toBe('Okafor');
    expect((await failure(fhir.vread({ resourceType: 'Patient', id, version: '3' }))).status).toBe(410);

    if (!EXPUNGE_AVAILABLE) {
      const refused = await failure(expungeOf(id));
      expect([refused.status, refused.outcome.id]).toEqual([501, 'not-supported']);
      return;
    }
    expect(await expungeOf(id)).toMatchObject({ id: 'ok' });
    const missing = await failure(fhir.read({ resourceType: 'Patient', id }));
    expect([missing.status, missing.outcome.id]).toEqual([404, 'not-found']);
  });

  it('pages encounters of a patient with _count and next links', async () => {
    const { patient } = await seedRecords(t, clinic.clinician, 'kit-pages', { entries: 5, images: 0 });
    let page = (await fhir.search({
      resourceType: 'Encounter',
      searchParams: { patient: patient.id, _count: 2 },
    })) as unknown as Bundle;
    expect(page.total).toBe(5);
    const starts: string[] = [];
    for (;;) {
      starts.push(...(page.entry ?? []).map((e) => (e.resource as Encounter).period?.start ?? ''));
      const next = await fhir.nextPage({ bundle: page as never });
      if (!next) break;
      page = next as unknown as Bundle;
    }
    expect(starts).toHaveLength(5);
    expect([...starts].sort()).toEqual(starts);
  });

  it('reads images as Media with their encounter, caption and original file', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'kit-media', {
      entries: 1,
      images: 1,
    });
    const [entryId, imageId] = [entryIds[0] as string, imageIds[0] as string];
    for (const [url, payload] of [
      [`/api/entries/${entryId}`, { workspaceImageIds: [imageId] }],
      [`/api/images/${imageId}`, { caption: 'left cheek' }],
    ] as const) {
      const res = await t.app.inject({ method: 'PATCH', url, headers: clinic.clinician.headers, payload });
      expect(res.statusCode).toBe(200);
    }
    const media = (await fhir.read({ resourceType: 'Media', id: imageId })) as unknown as Media;
    expect(media.subject?.reference).toBe(`Patient/${patient.id}`);
    expect(media.encounter?.reference).toBe(`Encounter/${entryId}`);
    expect(media.note?.[0]?.text).toBe('left cheek');
    expect(media.content.contentType).toBe('image/jpeg');
    expect(media.content.url).toMatch(new RegExp(`/fhir/R4/Binary/${imageId}$`));
    const file = await fetch(media.content.url as string, {
      headers: { ...clinic.clinician.headers, accept: 'image/jpeg' },
    });
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const binary = (await fhir.read({ resourceType: 'Binary', id: imageId })) as unknown as Binary;
    expect(Buffer.from(binary.data as string, 'base64')).toEqual(Buffer.from(await file.arrayBuffer()));
    const found = (await fhir.search({
      resourceType: 'Media',
      searchParams: { patient: patient.id },
    })) as unknown as Bundle;
    expect(found.entry?.map((e) => e.resource?.id)).toEqual([imageId]);
  });

  it('$expunge with everything removes a patient with its entries and images', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'kit-all', {
      entries: 2,
      images: 2,
    });
    if (!EXPUNGE_AVAILABLE) {
      expect((await failure(expungeOf(patient.id, true))).status).toBe(501);
      return;
    }
    expect(await expungeOf(patient.id, true)).toMatchObject({ id: 'ok' });
    for (const [resourceType, id] of [
      ['Patient', patient.id],
      ...entryIds.map((e) => ['Encounter', e]),
      ...imageIds.map((i) => ['Media', i]),
    ] as const) {
      expect((await failure(fhir.read({ resourceType, id }))).status).toBe(404);
    }
  });
});
