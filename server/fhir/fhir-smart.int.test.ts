import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInjected } from '../testing/fhir-valid.ts';
import { createPatient, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { SYSTEM } from './systems.ts';

// SMART Backend Services: discovery, clients registered with public keys and scopes, the
// client_credentials grant with a private_key_jwt assertion, scopes enforced per request, CORS.

let t: TestApp;
let user: TestUser;
let tokenUrl: string;
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  t = await startTestApp({ fhirCorsOrigins: ['https://app.example'] });
  validateInjected(t);
  user = (await seedAccount(t, 'Smart Clinic')).clinician;
  tokenUrl = (await t.app.inject({ url: '/fhir/R4/.well-known/smart-configuration' })).json().token_endpoint;
});
afterAll(() => t?.close());

async function register(alg: 'RS384' | 'ES384', scope: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), alg, kid: `${alg}-1` };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/clients',
    headers: user.headers,
    payload: { name: `backend ${alg}`, jwks: { keys: [jwk] }, scope },
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().clientSecret).toBeUndefined();
  expect(res.json().authentication).toBe('private_key_jwt');
  return { clientId: res.json().clientId as string, key: privateKey, alg };
}

const seconds = () => Math.floor(t.clock.now().getTime() / 1000);
function assertion(
  c: { clientId: string; key: Key; alg: string },
  opts: { exp?: number; aud?: string } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: c.alg, kid: `${c.alg}-1`, typ: 'JWT' })
    .setIssuer(c.clientId)
    .setSubject(c.clientId)
    .setAudience(opts.aud ?? tokenUrl)
    .setIssuedAt(seconds())
    .setExpirationTime(opts.exp ?? seconds() + 240)
    .setJti(randomUUID())
    .sign(c.key);
}
const token = (jwt: string, scope?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
      ...(scope ? { scope } : {}),
    }).toString(),
  });
const fhir = (bearer: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/fhir/R4/${url}`,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/fhir+json' },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
const newPatient = (uniqueId: string) => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
});

describe('SMART Backend Services', () => {
  it('publishes its configuration at the FHIR base and at the origin, as JSON', async () => {
    for (const url of ['/fhir/R4/.well-known/smart-configuration', '/.well-known/smart-configuration']) {
      const res = await t.app.inject({ url });
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
      expect(res.json().token_endpoint).toMatch(/\/oauth2\/token$/);
      expect(res.json().token_endpoint_auth_methods_supported).toContain('private_key_jwt');
      expect(res.json().token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
    }
  });

  it('an RS384 client with system/*.rs reads and searches patients and may not write', async () => {
    const p = await createPatient(t, user, { uniqueId: 'smart-1' });
    const client = await register('RS384', 'system/*.rs');
    const res = await token(await assertion(client));
    expect(res.statusCode, res.body).toBe(200);
    expect([res.json().token_type, res.json().scope]).toEqual(['Bearer', 'system/*.rs']);
    const bearer = res.json().access_token as string;
    expect((await fhir(bearer, 'GET', `Patient/${p.id}`)).json().id).toBe(p.id);
    expect((await fhir(bearer, 'GET', 'Patient?identifier=smart-1')).json().total).toBe(1);
    const write = await fhir(bearer, 'POST', 'Patient', newPatient('smart-2'));
    expect([write.statusCode, write.json().resourceType, write.json().id]).toEqual([
      403,
      'OperationOutcome',
      'forbidden',
    ]);
    const batch = await fhir(bearer, 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ request: { method: 'POST', url: 'Patient' }, resource: newPatient('smart-3') }],
    });
    expect(batch.json().entry[0].response.status).toBe('403 Forbidden');
    // The scoped token is for FHIR only.
    const api = await t.app.inject({ url: '/api/patients', headers: { authorization: `Bearer ${bearer}` } });
    expect(api.statusCode).toBe(403);
  });

  it('an ES384 client with system/Patient.rs reads patients only; system/*.cruds writes', async () => {
    const patientsOnly = await register('ES384', 'system/Patient.rs');
    const bearer = (await token(await assertion(patientsOnly))).json().access_token as string;
    expect((await fhir(bearer, 'GET', 'Patient')).statusCode).toBe(200);
    expect((await fhir(bearer, 'GET', 'Encounter')).statusCode).toBe(403);
    expect((await fhir(bearer, 'GET', 'Patient?_revinclude=Media:patient')).statusCode).toBe(403);
    const writer = await register('ES384', 'system/*.cruds');
    const narrowed = await token(await assertion(writer), 'system/Patient.rs system/Encounter.cruds');
    expect(narrowed.json().scope).toBe('system/Patient.rs system/Encounter.cruds');
    const full = (await token(await assertion(writer))).json().access_token as string;
    expect((await fhir(full, 'POST', 'Patient', newPatient('smart-4'))).statusCode).toBe(201);
    const none = await token(await assertion(patientsOnly), 'system/*.cruds');
    expect([none.statusCode, none.json().error]).toEqual([400, 'invalid_scope']);
  });

  it('refuses replayed, expired, long-lived, wrongly addressed and wrongly signed assertions', async () => {
    const client = await register('RS384', 'system/*.rs');
    const once = await assertion(client);
    expect((await token(once)).statusCode).toBe(200);
    const other = await register('RS384', 'system/*.rs');
    const cases = {
      replayed: once,
      expired: await assertion(client, { exp: seconds() - 60 }),
      tooLong: await assertion(client, { exp: seconds() + 600 }),
      wrongAudience: await assertion(client, { aud: 'https://elsewhere.example/token' }),
      wrongKey: await assertion({ ...client, key: other.key }),
      garbage: 'not.a.jwt',
    };
    for (const [name, jwt] of Object.entries(cases)) {
      const res = await token(jwt);
      expect([name, res.statusCode, res.json().error]).toEqual([name, 401, 'invalid_client']);
    }
  });

  it('refuses private keys and unknown scopes at registration', async () => {
    const { privateKey } = await generateKeyPair('RS384', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'RS384' };
    const send = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/auth/clients', headers: user.headers, payload });
    expect((await send({ name: 'x', jwks: { keys: [jwk] } })).statusCode).toBe(422);
    expect((await send({ name: 'x', scope: 'user/*.rs' })).statusCode).toBe(422);
    expect((await send({ name: 'x', jwksUrl: 'http://keys.example/jwks' })).statusCode).toBe(422);
  });

  it('answers CORS preflights and requests from the configured origins only', async () => {
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/fhir/R4/Patient',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const ok = await preflight('https://app.example');
    expect([ok.statusCode, ok.headers['access-control-allow-origin']]).toEqual([204, 'https://app.example']);
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    const refused = await t.app.inject({
      url: '/fhir/R4/Patient',
      headers: { origin: 'https://app.example' },
    });
    expect([refused.statusCode, refused.headers['access-control-allow-origin']]).toEqual([
      401,
      'https://app.example',
    ]);
    const metadata = await t.app.inject({ url: '/fhir/R4/metadata' });
    expect(metadata.json().rest[0].security.cors).toBe(true);
  });
});
