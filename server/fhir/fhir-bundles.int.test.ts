import { MedplumClient } from '@medplum/core';
import type { Bundle, Encounter, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, oauthClient } from '../testing/fhir.ts';
import { validateInjected, validatingFetch } from '../testing/fhir-valid.ts';
import { createPatient, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { SYSTEM } from './systems.ts';

// Batch and transaction Bundles at the base, and history with _count, _since and paging.

let t: TestApp;
let user: TestUser;
let medplum: MedplumClient;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  const origin = await listen(t);
  user = (await seedAccount(t, 'Bundle Clinic')).clinician;
  const { clientId, clientSecret } = await oauthClient(t, user);
  medplum = new MedplumClient({ baseUrl: `${origin}/`, cacheTime: 0, fetch: validatingFetch() });
  await medplum.startClientLogin(clientId, clientSecret);
});
afterAll(() => t?.close());

const fhir = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/fhir/R4${url}`,
    headers: { ...user.headers, 'content-type': 'application/fhir+json' },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
const patient = (uniqueId: string, extra: object = {}): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
  ...extra,
});
const total = async (query: string) => (await fhir('GET', `/Patient?${query}&_summary=count`)).json().total;

describe('batch', () => {
  it('runs each entry on its own with its own status (MedplumClient executeBatch)', async () => {
    const existing = await createPatient(t, user, { uniqueId: 'b-0' });
    const answer = await medplum.executeBatch({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'POST', url: 'Patient' }, resource: patient('b-1', { gender: 'female' }) },
        { request: { method: 'GET', url: `Patient/${existing.id}` } },
        { request: { method: 'GET', url: 'Patient/00000000-0000-4000-8000-000000000000' } },
        { request: { method: 'POST', url: 'Patient' }, resource: patient('b-0') },
        { request: { method: 'GET', url: 'Patient?identifier=b-0' } },
        { request: { method: 'GET', url: 'Patient?colour=red' } },
        { request: { method: 'DELETE', url: `Patient/${existing.id}` } },
      ],
    });
    expect(answer.type).toBe('batch-response');
    const statuses = answer.entry?.map((e) => e.response?.status);
    expect(statuses).toEqual([
      '201 Created',
      '200 OK',
      '404 Not Found',
      '409 Conflict',
      '200 OK',
      '400 Bad Request',
      '200 OK',
    ]);
    const [created, read, missing, taken, search, refused] = answer.entry ?? [];
    expect((created?.resource as Patient | undefined)?.gender).toBe('female');
    expect(created?.response?.location).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    expect(read?.resource?.id).toBe(existing.id);
    expect(missing?.response?.outcome?.id).toBe('not-found');
    expect(taken?.response?.outcome?.id).toBe('conflict');
    expect((search?.resource as Bundle | undefined)?.total).toBe(1);
    expect(refused?.response?.outcome?.issue?.[0]?.details?.text).toMatch(/colour/);
    expect(await total('identifier=b-1')).toBe(1);
  });

  it('answers a malformed entry with 400 and carries on', async () => {
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: patient('b-2') },
        { request: { method: 'POST', url: 'Patient' }, resource: patient('b-3') },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '400 Bad Request',
      '201 Created',
    ]);
  });

  it('refuses a body that is not a batch or transaction Bundle', async () => {
    expect((await fhir('POST', '', { resourceType: 'Bundle', type: 'collection' })).statusCode).toBe(400);
    expect((await fhir('POST', '', patient('b-4'))).statusCode).toBe(400);
  });
});

describe('transaction', () => {
  it('creates a Patient and an Encounter referencing it by urn:uuid, in one go', async () => {
    const urn = 'urn:uuid:0f5d3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          request: { method: 'POST', url: 'Encounter' },
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            subject: { reference: urn },
            period: { start: '2026-03-01T10:00:00Z' },
          },
        },
        { fullUrl: urn, request: { method: 'POST', url: 'Patient' }, resource: patient('tx-1') },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as Bundle;
    expect(answer.type).toBe('transaction-response');
    expect(answer.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created']);
    const encounter = answer.entry?.[0]?.resource as Encounter;
    const created = answer.entry?.[1]?.resource as Patient;
    expect(encounter.subject?.reference).toBe(`Patient/${created.id}`);
    const read = await fhir('GET', `/Encounter/${encounter.id}`);
    expect([read.statusCode, read.json().subject.reference]).toEqual([200, `Patient/${created.id}`]);
  });

  it('stores nothing when an entry fails halfway, and answers 400 naming it', async () => {
    const urn = 'urn:uuid:6e1c2b3a-4d5e-4f60-9a7b-8c9d0e1f2a3b';
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: urn, request: { method: 'POST', url: 'Patient' }, resource: patient('tx-2') },
        {
          request: { method: 'POST', url: 'Encounter' },
          resource: {
            resourceType: 'Encounter',
            status: 'planned',
            class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            subject: { reference: urn },
            period: { start: '2026-03-02T10:00:00Z' },
          },
        },
        {
          request: { method: 'POST', url: 'Patient' },
          resource: patient('tx-3', { birthDate: '1990-02-30' }),
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issue[0].details.text).toMatch(/Entry 3 \(POST Patient\)/);
    expect(await total('identifier=tx-2,tx-3')).toBe(0);
    const encounters = await fhir('GET', '/Encounter?date=2026-03-02&_summary=count');
    expect(encounters.json().total).toBe(0);
  });

  it('refuses a malformed entry as a whole (400) before writing anything', async () => {
    const res = await fhir('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'POST', url: 'Patient' }, resource: patient('tx-4') },
        { request: { method: 'POST' }, resource: patient('tx-5') },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(await total('identifier=tx-4')).toBe(0);
  });
});

describe('history', () => {
  it('type history lists every version of the account, newest first, a page at a time', async () => {
    const { clinician } = await seedAccount(t, 'History Clinic');
    const own = (method: 'GET' | 'PUT', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url: `/fhir/R4${url}`,
        headers: { ...clinician.headers, 'content-type': 'application/fhir+json' },
        ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
      });
    t.clock.set(new Date('2026-04-01T08:00:00Z'));
    const a = await createPatient(t, clinician, { uniqueId: 'h-a' });
    t.clock.set(new Date('2026-04-02T08:00:00Z'));
    const b = await createPatient(t, clinician, { uniqueId: 'h-b' });
    t.clock.set(new Date('2026-04-03T08:00:00Z'));
    const changed = await own('PUT', `/Patient/${a.id}`, { ...patient('h-a', { gender: 'male' }), id: a.id });
    expect(changed.statusCode, changed.body).toBe(200);

    const page1 = (await own('GET', '/Patient/_history?_count=2')).json() as Bundle;
    expect(page1.type).toBe('history');
    expect(page1.total).toBe(3);
    expect(page1.entry?.map((e) => [e.resource?.id, e.response?.etag])).toEqual([
      [a.id, 'W/"2"'],
      [b.id, 'W/"1"'],
    ]);
    const next = page1.link?.find((l) => l.relation === 'next')?.url as string;
    expect(next).toMatch(/_page=2/);
    const page2 = (await own('GET', next.replace(/^https?:\/\/[^/]+\/fhir\/R4/, ''))).json() as Bundle;
    expect(page2.entry?.map((e) => [e.resource?.id, e.request?.method])).toEqual([[a.id, 'POST']]);
    expect(page2.link?.some((l) => l.relation === 'next')).toBe(false);

    const since = (await own('GET', '/Patient/_history?_since=2026-04-02T00:00:00Z')).json() as Bundle;
    expect(since.total).toBe(2);
    expect(since.link?.[0]?.url).toMatch(/_since=2026-04-02/);
    // Another account's patients never show.
    const mine = (await fhir('GET', '/Patient/_history?_since=2026-04-01T00:00:00Z')).json() as Bundle;
    expect(mine.entry?.some((e) => e.resource?.id === a.id)).toBeFalsy();

    const instance = (await own('GET', `/Patient/${a.id}/_history?_count=1`)).json() as Bundle;
    expect([instance.total, instance.entry?.length, instance.entry?.[0]?.response?.etag]).toEqual([
      2,
      1,
      'W/"2"',
    ]);
    expect(instance.link?.find((l) => l.relation === 'next')?.url).toMatch(/_page=2/);
    const instanceSince = (await own('GET', `/Patient/${a.id}/_history?_since=2026-04-02`)).json() as Bundle;
    expect(instanceSince.total).toBe(1);
    expect((await own('GET', '/Patient/_history?name=x')).statusCode).toBe(400);
    expect((await own('GET', '/Patient/_history?_since=yesterday')).statusCode).toBe(400);
  });

  it('the CapabilityStatement lists type history, batch and transaction', async () => {
    const cs = (await fhir('GET', '/metadata')).json();
    const rest = cs.rest[0];
    expect(rest.interaction.map((i: { code: string }) => i.code)).toEqual(['batch', 'transaction']);
    const patientCaps = rest.resource.find((r: { type: string }) => r.type === 'Patient');
    expect(patientCaps.interaction.map((i: { code: string }) => i.code)).toContain('history-type');
  });
});
