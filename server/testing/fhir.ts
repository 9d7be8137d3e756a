import type { AddressInfo } from 'node:net';
import { SYSTEM } from '../fhir/systems.ts';
import { createPatient, type TestApp, type TestUser } from './harness.ts';

// Helpers of the FHIR tests: real clients need a real port, not app.inject.

/** Serves the test app on a free local port; returns its origin (`http://127.0.0.1:port`). */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** OAuth2 client credentials for this user, made through the API. */
export async function oauthClient(t: TestApp, user: TestUser, name = 'fhir tests') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/clients',
    headers: user.headers,
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`client not created: ${res.body}`);
  const body = res.json() as { id: string; clientId: string; clientSecret: string };
  return body;
}

/** The bearer token of a test user (an API token), for clients that take one directly. */
export const bearerOf = (user: TestUser) => (user.headers.authorization ?? '').replace(/^Bearer /, '');

interface MatrixFixture {
  clinician: TestUser;
  patientId: string;
  tokenClient: { clientId: string; clientSecret: string };
  unique: (prefix: string) => string;
}

/**
 * A valid request for each FHIR and OAuth route of the role × route matrix, on Patient: a fresh
 * patient where the request uses it up, the caller's own client where it deletes one.
 */
export async function fhirRequest(t: TestApp, f: MatrixFixture, route: string, user: TestUser | undefined) {
  const patient = `/fhir/R4/Patient/${f.patientId}`;
  const fresh = async () => (await createPatient(t, f.clinician, { uniqueId: f.unique('fhir') })).id;
  const resource = (uniqueId: string, id?: string) => ({
    resourceType: 'Patient',
    ...(id ? { id } : {}),
    identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
  });
  switch (route) {
    case 'POST /api/auth/clients':
      return { url: '/api/auth/clients', payload: { name: 'matrix' } };
    case 'DELETE /api/auth/clients/:id': {
      const own = user ? (await oauthClient(t, user)).id : '00000000-0000-4000-8000-000000000000';
      return { url: `/api/auth/clients/${own}` };
    }
    case 'POST /oauth2/token': {
      const { clientId, clientSecret } = f.tokenClient;
      return {
        url: '/oauth2/token',
        payload: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    }
    case 'GET /fhir/R4/:type':
      return { url: '/fhir/R4/Patient?identifier=matrix-1' };
    case 'POST /fhir/R4/:type/_search':
      return {
        url: '/fhir/R4/Patient/_search?identifier=matrix-1',
        payload: '_count=10',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    case 'POST /fhir/R4/:type':
      return { url: '/fhir/R4/Patient', payload: resource(f.unique('fhir')) };
    case 'PUT /fhir/R4/:type':
      return { url: '/fhir/R4/Patient?identifier=matrix-1', payload: resource('matrix-1') };
    case 'PATCH /fhir/R4/:type/:id':
      return { url: patient, payload: [], headers: { 'content-type': 'application/json-patch+json' } };
    case 'PUT /fhir/R4/:type/:id':
      return { url: patient, payload: resource('matrix-1', f.patientId) };
    case 'DELETE /fhir/R4/:type/:id':
      return { url: `/fhir/R4/Patient/${await fresh()}` };
    case 'POST /fhir/R4/:type/:id/$expunge':
      return { url: `/fhir/R4/Patient/${await fresh()}/$expunge` };
    case 'POST /fhir/R4/':
    case 'POST /fhir/R4': {
      const entry = [{ request: { method: 'GET', url: 'Patient?identifier=matrix-1' } }];
      return {
        url: route.split(' ')[1] as string,
        payload: { resourceType: 'Bundle', type: 'batch', entry },
      };
    }
    case 'GET /fhir/R4/Binary/:id':
      return { url: `/fhir/R4/Binary/report-patient-${f.patientId}` };
    case 'GET /fhir/R4/:type/:id/_history/:vid':
      return { url: `${patient}/_history/1` };
    default:
      return { url: (route.split(' ')[1] ?? '').replace(':type', 'Patient').replace(':id', f.patientId) };
  }
}
