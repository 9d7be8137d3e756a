import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInjected } from '../testing/fhir-valid.ts';
import { createPatient, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { SYSTEM } from './systems.ts';

// Conditional create and update, PATCH, Prefer: return, and the HTTP edges FHIR clients rely on.

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  user = (await seedAccount(t, 'Interaction Clinic')).clinician;
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method,
    url: `/fhir/R4/${url}`,
    headers: { ...user.headers, 'content-type': 'application/fhir+json', ...headers },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
const patient = (uniqueId: string, extra: object = {}) => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
  ...extra,
});

describe('FHIR interactions', () => {
  it('conditional create: 201 when none matches, 200 with the match, 412 when several match', async () => {
    const first = await call('POST', 'Patient', patient('ic-1'), { 'if-none-exist': 'identifier=ic-1' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call('POST', 'Patient', patient('ic-1'), { 'if-none-exist': 'identifier=ic-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    await call('POST', 'Patient', patient('ic-2', { gender: 'other' }));
    await call('POST', 'Patient', patient('ic-3', { gender: 'other' }));
    const several = await call('POST', 'Patient', patient('ic-4'), { 'if-none-exist': 'gender=other' });
    expect([several.statusCode, several.json().id]).toEqual([412, 'precondition-failed']);
    const unknown = await call('POST', 'Patient', patient('ic-5'), { 'if-none-exist': 'colour=red' });
    expect(unknown.statusCode).toBe(400);
  });

  it('conditional update: updates the one match, creates when none, 412 when several', async () => {
    const created = await call('PUT', 'Patient?identifier=cu-1', patient('cu-1', { gender: 'female' }));
    expect(created.statusCode, created.body).toBe(201);
    const updated = await call('PUT', 'Patient?identifier=cu-1', patient('cu-1', { gender: 'male' }));
    expect(updated.statusCode, updated.body).toBe(200);
    expect([updated.json().id, updated.json().gender, updated.json().meta.versionId]).toEqual([
      created.json().id,
      'male',
      '2',
    ]);
    expect((await call('PUT', 'Patient?gender=other', patient('cu-2'))).statusCode).toBe(412);
  });

  it('PATCH applies a JSON Patch and honours If-Match', async () => {
    const p = await createPatient(t, user, { uniqueId: 'pa-1' });
    const ops = [{ op: 'add', path: '/gender', value: 'female' }];
    const type = { 'content-type': 'application/json-patch+json' };
    const res = await call('PATCH', `Patient/${p.id}`, ops, { ...type, 'if-match': 'W/"1"' });
    expect(res.statusCode, res.body).toBe(200);
    expect([res.json().gender, res.json().meta.versionId]).toEqual(['female', '2']);
    const stale = await call('PATCH', `Patient/${p.id}`, ops, { ...type, 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    const bad = await call('PATCH', `Patient/${p.id}`, [{ op: 'jump', path: '/x' }], type);
    expect(bad.statusCode).toBe(400);
    const id = await call('PATCH', `Patient/${p.id}`, [{ op: 'replace', path: '/id', value: 'x' }], type);
    expect(id.statusCode).toBe(400);
  });

  it('Prefer: return=minimal answers no body, return=OperationOutcome an outcome', async () => {
    const minimal = await call('POST', 'Patient', patient('pr-1'), { prefer: 'return=minimal' });
    expect([minimal.statusCode, minimal.body]).toEqual([201, '']);
    expect(minimal.headers.location).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    expect(minimal.headers.etag).toBe('W/"1"');
    const oo = await call('POST', 'Patient', patient('pr-2'), { prefer: 'return=OperationOutcome' });
    expect([oo.statusCode, oo.json().resourceType]).toEqual([201, 'OperationOutcome']);
    const full = await call('POST', 'Patient', patient('pr-3'), { prefer: 'return=representation' });
    expect(full.json().resourceType).toBe('Patient');
  });

  it('406 for XML, WWW-Authenticate on 401, repeated DELETE 200, PUT ids checked, 405 for other methods', async () => {
    const p = await createPatient(t, user, { uniqueId: 'edge-1' });
    const xml = await call('GET', `Patient/${p.id}`, undefined, { accept: 'application/fhir+xml' });
    expect([xml.statusCode, xml.json().id]).toEqual([406, 'not-acceptable']);
    expect((await call('GET', `Patient/${p.id}?_format=xml`)).statusCode).toBe(406);
    expect((await call('GET', `Patient/${p.id}`, undefined, { accept: '*/*' })).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${p.id}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const withoutId = await call('PUT', `Patient/${p.id}`, patient('edge-1'));
    expect(withoutId.statusCode).toBe(400);
    const otherId = await call('PUT', `Patient/${p.id}`, { ...patient('edge-1'), id: 'someone-else' });
    expect(otherId.statusCode).toBe(400);
    expect((await call('DELETE', `Patient/${p.id}`)).statusCode).toBe(200);
    const again = await call('DELETE', `Patient/${p.id}`);
    expect([again.statusCode, again.json().id]).toEqual([200, 'ok']);
    for (const [method, url] of [
      ['DELETE', 'Patient'],
      ['PATCH', 'Media/x'],
      ['PUT', 'Consent/x'],
    ] as const) {
      const res = await call(
        method,
        url,
        method === 'PATCH' ? [] : {},
        method === 'PATCH' ? { 'content-type': 'application/json-patch+json' } : {},
      );
      expect([url, res.statusCode, res.json().id]).toEqual([url, 405, 'not-supported']);
    }
  });
});
