import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirErrors, validateInjected } from '../testing/fhir-valid.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { EXPUNGE_AVAILABLE } from './expunge.ts';
import { SYSTEM } from './systems.ts';

// The facade's contract through app.inject: CapabilityStatement, OperationOutcome ids, isolation,
// search parameters, tags, consent, and the audit trail.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  clinic = await seedAccount(t, 'Api Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const get = (url: string, user?: TestUser) =>
  t.app.inject({ method: 'GET', url, headers: user?.headers ?? {} });
const send = (
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  user: TestUser,
  payload?: object,
  type = 'application/fhir+json',
) =>
  t.app.inject({
    method,
    url,
    headers: { ...user.headers, 'content-type': type },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
const ids = (bundle: { entry?: { resource: { id: string } }[] }) =>
  (bundle.entry ?? []).map((e) => e.resource.id);

describe('FHIR facade contract', () => {
  it('serves a CapabilityStatement without sign-in that lists exactly what is implemented', async () => {
    const res = await get('/fhir/R4/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const rest = res.json().rest[0];
    const of = (type: string) => rest.resource.find((r: { type: string }) => r.type === type);
    const codes = (type: string) =>
      of(type)
        .interaction.map((i: { code: string }) => i.code)
        .sort();
    expect(codes('Patient')).toEqual([
      'create',
      'delete',
      'history-instance',
      'history-type',
      'patch',
      'read',
      'search-type',
      'update',
      'vread',
    ]);
    expect([of('Patient').conditionalCreate, of('Patient').conditionalUpdate]).toEqual([true, true]);
    expect([of('Media').conditionalCreate, of('Media').conditionalUpdate]).toEqual([false, false]);
    expect(codes('Encounter')).toEqual(codes('Patient'));
    expect(codes('Media')).toEqual([
      'delete',
      'history-instance',
      'history-type',
      'read',
      'search-type',
      'vread',
    ]);
    expect(codes('DocumentReference')).toEqual(['read', 'search-type']);
    expect(codes('Binary')).toEqual(['read']);
    expect(codes('Consent')).toEqual(['read', 'search-type']);
    expect(codes('AuditEvent')).toEqual(['read', 'search-type']);
    expect(Boolean(of('Patient').operation)).toBe(EXPUNGE_AVAILABLE);
    expect(rest.security.extension[0].extension[0].valueUri).toMatch(/\/oauth2\/token$/);
  });

  it('answers errors as OperationOutcomes with conventional ids', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'api-err' });
    const cases: [number, string, Awaited<ReturnType<typeof get>>][] = [
      [401, 'unauthorized', await get(`/fhir/R4/Patient/${p.id}`)],
      [
        401,
        'unauthorized',
        await get('/fhir/R4/Patient', { ...clinic.clinician, headers: { authorization: 'Bearer vlm_nope' } }),
      ],
      [403, 'forbidden', await get(`/fhir/R4/Patient/${p.id}`, root)],
      [
        404,
        'not-found',
        await get('/fhir/R4/Patient/00000000-0000-4000-8000-000000000000', clinic.clinician),
      ],
      [404, 'not-found', await get(`/fhir/R4/Patient/${p.id}`, other.clinician)],
      [404, 'not-found', await get('/fhir/R4/Observation/x', clinic.clinician)],
      [
        405,
        'not-supported',
        await send('POST', '/fhir/R4/Media', clinic.clinician, { resourceType: 'Media' }),
      ],
      [400, 'bad-request', await get('/fhir/R4/Patient?foo=bar', clinic.clinician)],
      [
        422,
        'unprocessable',
        await send('POST', '/fhir/R4/Patient', clinic.clinician, { resourceType: 'Patient' }),
      ],
    ];
    for (const [status, id, res] of cases) {
      expect([res.statusCode, res.json().resourceType, res.json().id], res.body).toEqual([
        status,
        'OperationOutcome',
        id,
      ]);
    }
  });

  it('keeps accounts apart in searches and histories', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'api-iso' });
    expect((await get('/fhir/R4/Patient?identifier=api-iso', other.clinician)).json().total).toBe(0);
    expect((await get(`/fhir/R4/Patient/${p.id}/_history`, other.clinician)).statusCode).toBe(404);
    expect((await get(`/fhir/R4/Encounter?patient=${p.id}`, other.clinician)).json().total).toBe(0);
    expect((await get(`/fhir/R4/Patient?_id=${p.id}`, other.clinician)).json().total).toBe(0);
  });

  it('searches patients by identifier, name and birthdate; accepts application/json', async () => {
    const make = (uniqueId: string, given: string, birthDate: string) =>
      send(
        'POST',
        '/fhir/R4/Patient',
        clinic.clinician,
        {
          resourceType: 'Patient',
          identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
          name: [{ family: 'Searle', given: [given] }],
          birthDate,
        },
        'application/json',
      );
    for (const r of [
      await make('s-1', 'Ann', '1970-05-01'),
      await make('s-2', 'Bob', '1980-06-15'),
      await make('s-3', 'Annika', '1990-01-31'),
    ]) {
      expect(r.statusCode).toBe(201);
    }
    const q = async (query: string) =>
      ids((await get(`/fhir/R4/Patient?${query}`, clinic.clinician)).json()).length;
    expect(await q(`identifier=${encodeURIComponent(`${SYSTEM.uniqueId}|S-2`)}`)).toBe(1);
    expect(await q('identifier=other-system|s-2')).toBe(0);
    expect(await q('name=searle')).toBe(3);
    expect(await q('name=ann')).toBe(2);
    expect(await q('birthdate=1980')).toBe(1);
    expect(await q('birthdate=ge1980-06-15&name=searle')).toBe(2);
    expect(await q('birthdate=lt1980-06-15&name=searle')).toBe(1);
    expect((await get('/fhir/R4/Patient?birthdate=xx1980', clinic.clinician)).statusCode).toBe(400);
    const self = (await get('/fhir/R4/Patient?name=searle', clinic.clinician)).json().link[0].url;
    expect(self).toMatch(/name=searle/);
  });

  it('maps tags to meta.tag both ways', async () => {
    const category = await t.app.inject({
      method: 'POST',
      url: '/api/tag-categories',
      headers: clinic.admin.headers,
      payload: { name: 'Site', color: '#aa0000' },
    });
    const tag = await t.app.inject({
      method: 'POST',
      url: '/api/tags',
      headers: clinic.admin.headers,
      payload: { name: 'Face', categoryId: category.json().id },
    });
    const tagId = tag.json().id as string;
    const res = await send('POST', '/fhir/R4/Patient', clinic.clinician, {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEM.uniqueId, value: 'tagged' }],
      meta: { tag: [{ system: SYSTEM.tag, code: tagId }] },
    });
    expect(res.json().meta.tag).toEqual([{ system: SYSTEM.tag, code: tagId, display: 'Face' }]);
    const rest = await get(`/api/patients/${res.json().id}`, clinic.clinician);
    expect(rest.json().tagIds).toEqual([tagId]);
  });

  it('shows consent as a Consent resource, active then inactive', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'consenting' });
    const recorded = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/consents`,
      headers: clinic.clinician.headers,
      payload: { method: 'verbal' },
    });
    const consentId = recorded.json().id as string;
    const read = (await get(`/fhir/R4/Consent/${consentId}`, clinic.assistant)).json();
    expect(read).toMatchObject({
      status: 'active',
      patient: { reference: `Patient/${p.id}` },
      verification: [{ verified: true }],
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/consents/${consentId}/revoke`,
      headers: clinic.clinician.headers,
      payload: {},
    });
    const found = (await get(`/fhir/R4/Consent?patient=${p.id}`, clinic.clinician)).json();
    expect(found.entry[0].resource.status).toBe('inactive');
    // The validator every answer goes through checks R4's invariants: without policyRule, ppc-1 fails.
    const { policyRule: _, ...withoutRule } = read;
    expect(fhirErrors(withoutRule).join()).toContain('ppc-1');
  });

  it('puts every FHIR access in the audit trail like any other, readable as AuditEvent', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { auditLevel: 'comprehensive' },
    });
    const created = await send('POST', '/fhir/R4/Patient', clinic.clinician, {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEM.uniqueId, value: 'audited' }],
    });
    const id = created.json().id as string;
    await get(`/fhir/R4/Patient/${id}`, clinic.clinician);
    await send('PUT', `/fhir/R4/Patient/${id}`, clinic.clinician, {
      resourceType: 'Patient',
      id,
      identifier: [{ system: SYSTEM.uniqueId, value: 'audited' }],
      gender: 'other',
    });
    const actionsOf = async () =>
      (await get(`/fhir/R4/AuditEvent?patient=${id}`, clinic.admin))
        .json()
        .entry.map((e: { resource: { subtype: { code: string }[] } }) => e.resource.subtype[0]?.code);
    expect(await actionsOf()).toEqual(['patient.update', 'patient.view', 'patient.create']);
    // Under the default Standard policy a deletion leaves one deletion event of the patient's activity.
    await send('DELETE', `/fhir/R4/Patient/${id}`, clinic.clinician);
    expect(await actionsOf()).toEqual(['patient.delete']);
    const bundle = (await get(`/fhir/R4/AuditEvent?patient=${id}`, clinic.admin)).json();
    const event = bundle.entry[0].resource;
    expect(event.agent[0].who.identifier.value).toBe(clinic.clinician.id);
    expect((await get(`/fhir/R4/AuditEvent/${event.id}`, clinic.admin)).json().action).toBe('D');
  });
});
