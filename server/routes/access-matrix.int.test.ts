import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPUNGE_AVAILABLE } from '../fhir/expunge.ts';
import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { storedBackup } from '../testing/backups.ts';
import { REMOVAL_ROUTES, removalRequest } from '../testing/expunge.ts';
import { fhirRequest, oauthClient } from '../testing/fhir.ts';
import { makeJpeg, makePng, multipart, upload } from '../testing/fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  type Response,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { LIFECYCLE_ROUTES, lifecycleRequest } from '../testing/lifecycle.ts';
import { MY_SECURITY_ROUTES, mySecurityRequest } from '../testing/my-security.ts';
import { USER_LIFECYCLE_ROUTES, userLifecycleRequest } from '../testing/users.ts';

// Who may call what: every route of the app × anonymous and the four roles (docs/SECURITY-MODEL.md).
// A route missing from the table fails the first test, so a new route cannot ship unreviewed.

type Status = number;
type Row = readonly [
  anonymous: Status,
  assistant: Status,
  clinician: Status,
  admin: Status,
  superAdmin: Status,
];

/** What /api/live answers to a signed-in plain GET (the upgrade itself is tested in live.int.test.ts). */
const LIVE = 404;

/** Stands for every file of the web app that @fastify/static serves (one route per file). */
const WEB_FILE = 'GET <web app file>';

// biome-ignore format: this table is meant to be read as a table
const MATRIX: Record<string, Row> = {
  //  route                                        anon  asst  clin  admin super
  'GET /healthz':                                  [200,  200,  200,  200,  200],
  'GET /readyz':                                   [200,  200,  200,  200,  200],
  'GET /api/openapi.json':                         [200,  200,  200,  200,  200],
  [WEB_FILE]:                                      [200,  200,  200,  200,  200],
  'POST /api/auth/login':                          [200,  200,  200,  200,  200],
  // First run is over once anyone exists: everyone reads that, and no one may set up again.
  'GET /api/setup':                                [200,  200,  200,  200,  200],
  'POST /api/setup':                               [409,  409,  409,  409,  409],
  'POST /api/auth/logout':                         [401,  204,  204,  204,  204],
  'POST /api/auth/sessions/end-all':               [401,  200,  200,  200,  200],
  'GET /api/auth/me':                              [401,  200,  200,  200,  200],
  'POST /api/auth/tokens':                         [401,  201,  201,  201,  201],
  'GET /api/auth/tokens':                          [401,  200,  200,  200,  200],
  'DELETE /api/auth/tokens/:id':                   [401,  204,  204,  204,  204],
  // Each user's own second factor; disabling (with the password) right after enabling keeps the
  // later rows' sign-ins free of codes.
  'GET /api/auth/totp':                            [401,  200,  200,  200,  200],
  'POST /api/auth/totp/setup':                     [401,  200,  200,  200,  200],
  'POST /api/auth/totp/enable':                    [401,  200,  200,  200,  200],
  'POST /api/auth/totp/disable':                   [401,  200,  200,  200,  200],
  'POST /api/patients':                            [401,  201,  201,  201,  403],
  'GET /api/patients':                             [401,  200,  200,  200,  403],
  'GET /api/patients/:id':                         [401,  200,  200,  200,  403],
  'PATCH /api/patients/:id':                       [401,  200,  200,  200,  403],
  'GET /api/patients/:id/history':                 [401,  200,  200,  200,  403],
  'GET /api/patients/:id/history/:version':        [401,  200,  200,  200,  403],
  'GET /api/tag-categories':                       [401,  200,  200,  200,  403],
  'POST /api/tag-categories':                      [401,  403,  403,  201,  403],
  'PATCH /api/tag-categories/:id':                 [401,  403,  403,  200,  403],
  'GET /api/tags':                                 [401,  200,  200,  200,  403],
  'POST /api/tags':                                [401,  403,  403,  201,  403],
  'PATCH /api/tags/:id':                           [401,  403,  403,  200,  403],
  'DELETE /api/tags/:id':                          [401,  403,  403,  204,  403],
  'GET /api/settings':                             [401,  200,  200,  200,  200],
  'PATCH /api/settings':                           [401,  403,  403,  403,  200],
  'GET /api/users':                                [401,  403,  403,  200,  200],
  'POST /api/users':                               [401,  403,  403,  201,  201],
  'GET /api/accounts':                             [401,  403,  403,  403,  200],
  'POST /api/accounts':                            [401,  403,  403,  403,  201],
  'GET /api/audit':                                [401,  403,  403,  200,  200],
  'GET /api/audit/verify':                         [401,  403,  403,  403,  200],
  'POST /api/patients/:id/entries':                [401,  201,  201,  201,  403],
  'GET /api/patients/:id/entries':                 [401,  200,  200,  200,  403],
  'GET /api/entries/:id':                          [401,  200,  200,  200,  403],
  'PATCH /api/entries/:id':                        [401,  200,  200,  200,  403],
  'GET /api/entries/:id/history':                  [401,  200,  200,  200,  403],
  'GET /api/entries/:id/history/:version':         [401,  200,  200,  200,  403],
  'POST /api/patients/:id/images':                 [401,  201,  201,  201,  403],
  'GET /api/patients/:id/images':                  [401,  200,  200,  200,  403],
  'GET /api/images/:id':                           [401,  200,  200,  200,  403],
  'PATCH /api/images/:id':                         [401,  200,  200,  200,  403],
  'GET /api/images/:id/file':                      [401,  200,  200,  200,  403],
  'GET /api/images/:id/history':                   [401,  200,  200,  200,  403],
  'GET /api/images/:id/history/:version':          [401,  200,  200,  200,  403],
  'GET /api/patients/:id/consents':                [401,  200,  200,  200,  403],
  'POST /api/patients/:id/consents':               [401,  201,  201,  201,  403],
  'POST /api/consents/:id/revoke':                 [401,  200,  200,  200,  403],
  'GET /api/consents/:id/signature':               [401,  200,  200,  200,  403],
  'GET /api/patients/:id/report.pdf':              [401,  200,  200,  200,  403],
  'DELETE /api/patients/:id':                      [401,  403,  200,  200,  403],
  'POST /api/patients/:id/restore':                [401,  403,  200,  200,  403],
  'DELETE /api/entries/:id':                       [401,  403,  200,  200,  403],
  'POST /api/entries/:id/restore':                 [401,  403,  200,  200,  403],
  'DELETE /api/images/:id':                        [401,  403,  200,  200,  403],
  'POST /api/images/:id/restore':                  [401,  403,  200,  200,  403],
  'GET /api/patients/:id/deleted-items':           [401,  403,  200,  200,  403],
  'GET /api/deleted/patients':                     [401,  403,  200,  200,  403],
  'DELETE /api/users/:id':                         [401,  403,  403,  200,  200],
  'POST /api/users/:id/restore':                   [401,  403,  403,  200,  200],
  'POST /api/users/:id/totp/reset':                [401,  403,  403,  200,  200],
  'GET /api/deleted/users':                        [401,  403,  403,  200,  200],
  'POST /api/admin/cleanup':                       [401,  403,  403,  403,  200],
  'POST /api/patients/:id/expunge':                [401,  403,  403,  403,  200],
  'POST /api/entries/:id/expunge':                 [401,  403,  403,  403,  200],
  'POST /api/images/:id/expunge':                  [401,  403,  403,  403,  200],
  'GET /api/accounts/:id':                         [401,  403,  403,  403,  200],
  'DELETE /api/accounts/:id':                      [401,  403,  403,  403,  200],
  'GET /api/admin/cleanup':                        [401,  403,  403,  403,  200],
  'GET /api/admin/backups':                        [401,  403,  403,  403,  200],
  'POST /api/admin/backups':                       [401,  403,  403,  403,  201],
  'POST /api/admin/backups/:id/restore':           [401,  403,  403,  403,  200],
  'GET /api/admin/backups/:id/download':           [401,  403,  403,  403,  200],
  'GET /api/admin/backups/schedule':               [401,  403,  403,  403,  200],
  'POST /api/admin/backups/:id/verify':            [401,  403,  403,  403,  200],
  // A plain GET without the WebSocket upgrade: refused once the caller is known.
  'GET /api/live':                                 [401,  LIVE, LIVE, LIVE, LIVE],
  'GET /api/auth/clients':                         [401,  200,  200,  200,  200],
  'POST /api/auth/clients':                        [401,  201,  201,  201,  201],
  'DELETE /api/auth/clients/:id':                  [401,  204,  204,  204,  204],
  // The token endpoint authenticates the client in the form, whoever else the caller is.
  'POST /oauth2/token':                            [200,  200,  200,  200,  200],
  // FHIR, on Patient (the other types run the same services; see server/fhir/*.int.test.ts).
  'GET /fhir/R4/metadata':                         [200,  200,  200,  200,  200],
  'GET /fhir/R4/:type':                            [401,  200,  200,  200,  403],
  'POST /fhir/R4/:type':                           [401,  201,  201,  201,  403],
  'GET /fhir/R4/:type/:id':                        [401,  200,  200,  200,  403],
  'PUT /fhir/R4/:type/:id':                        [401,  200,  200,  200,  403],
  'DELETE /fhir/R4/:type/:id':                     [401,  403,  200,  200,  403],
  'GET /fhir/R4/:type/:id/_history':               [401,  200,  200,  200,  403],
  'GET /fhir/R4/:type/:id/_history/:vid':          [401,  200,  200,  200,  403],
  'POST /fhir/R4/:type/:id/$expunge':              EXPUNGE_AVAILABLE ? [401, 403, 403, 403, 200] : [401, 501, 501, 501, 501],
};

const COLUMNS = ['anonymous', 'assistant', 'clinician', 'admin', 'super admin'] as const;

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let who: (TestUser | undefined)[];
let patientId: string;
let categoryId: string;
let entryId: string;
let imageId: string;
let signedConsentId: string;
let tokenClient: { clientId: string; clientSecret: string };
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Matrix Clinic');
  root = await createSuperAdmin(t);
  who = [undefined, clinic.assistant, clinic.clinician, clinic.admin, root];
  patientId = (await createPatient(t, clinic.clinician, { uniqueId: 'matrix-1' })).id;
  const category = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: clinic.admin.headers,
    payload: { name: 'Matrix', color: '#123456' },
  });
  categoryId = category.json().id;
  entryId = (
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: clinic.clinician.headers,
      payload: { appointmentAt: '2026-01-05T10:00:00Z' },
    })
  ).json().id;
  imageId = (
    await upload(t, clinic.clinician.headers, patientId, [
      { filename: 'm.jpg', data: await makeJpeg(64, 48) },
    ])
  ).json().created[0].id;
  tokenClient = await oauthClient(t, clinic.clinician, 'matrix token');
  signedConsentId = (
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/consents`,
      headers: clinic.clinician.headers,
      payload: {
        method: 'signature',
        signature: `data:image/png;base64,${(await makePng(80, 30)).toString('base64')}`,
      },
    })
  ).json().id;
});

async function newConsentId() {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/consents`,
    headers: clinic.clinician.headers,
    payload: { method: 'verbal' },
  });
  return res.json().id as string;
}
afterAll(() => t?.close());

async function newTagId() {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tags',
    headers: clinic.admin.headers,
    payload: { name: unique('tag'), categoryId },
  });
  return res.json().id as string;
}

/** A valid request for each route, so that the answer depends only on who asks. */
async function requestFor(
  route: string,
  user: TestUser | undefined,
): Promise<{ url: string; payload?: object | string | Buffer; headers?: Record<string, string> }> {
  if (route.includes(' /fhir/') || route.includes(' /oauth2/') || route.includes('/api/auth/clients'))
    return fhirRequest(t, { clinician: clinic.clinician, patientId, tokenClient, unique }, route, user);
  // Deleting and recovering: a fresh record each time (deleted first, to be recovered).
  if (route in LIFECYCLE_ROUTES) return lifecycleRequest(t, clinic.clinician, route, unique('life'));
  if (USER_LIFECYCLE_ROUTES.includes(route))
    return userLifecycleRequest(t, root, clinic.account.id, route, `${unique('gone')}@matrix.test`);
  if (MY_SECURITY_ROUTES.includes(route)) return mySecurityRequest(t, route, user);
  if (REMOVAL_ROUTES.includes(route)) return removalRequest(t, clinic.clinician, root, route, unique('gone'));
  switch (route) {
    case 'GET /api/accounts/:id':
      return { url: `/api/accounts/${clinic.account.id}` };
    case 'POST /api/patients/:id/entries':
      return {
        url: `/api/patients/${patientId}/entries`,
        payload: { appointmentAt: '2026-02-01T09:00:00Z' },
      };
    case 'PATCH /api/entries/:id':
      return { url: `/api/entries/${entryId}`, payload: { notes: unique('note') } };
    case 'POST /api/patients/:id/images': {
      const body = multipart([{ filename: 'x.jpg', data: await makeJpeg(32, 32) }]);
      return { url: `/api/patients/${patientId}/images`, payload: body.payload, headers: body.headers };
    }
    case 'PATCH /api/images/:id':
      return { url: `/api/images/${imageId}`, payload: { caption: unique('caption') } };
    case 'POST /api/patients/:id/consents':
      return { url: `/api/patients/${patientId}/consents`, payload: { method: 'written' } };
    case 'POST /api/consents/:id/revoke':
      return { url: `/api/consents/${await newConsentId()}/revoke`, payload: {} };
    case 'GET /api/consents/:id/signature':
      return { url: `/api/consents/${signedConsentId}/signature` };
    case WEB_FILE:
      return { url: '/' };
    case 'POST /api/admin/backups':
      await waitForBackups(t.storage); // one backup at a time
      return { url: '/api/admin/backups' };
    case 'GET /api/admin/backups/:id/download':
      return { url: `/api/admin/backups/${await storedBackup(t)}/download` };
    case 'POST /api/admin/backups/:id/verify':
      return { url: `/api/admin/backups/${await storedBackup(t)}/verify` };
    case 'POST /api/admin/backups/:id/restore': {
      // A backup of this very moment: restoring it changes nothing the later rows rely on.
      const id = await storedBackup(t);
      return { url: `/api/admin/backups/${id}/restore`, payload: { confirmation: `restore backup ${id}` } };
    }
    case 'POST /api/auth/login':
      return { url: '/api/auth/login', payload: { email: clinic.clinician.email, password: TEST_PASSWORD } };
    case 'POST /api/setup':
      return {
        url: '/api/setup',
        payload: { email: `${unique('setup')}@matrix.test`, password: TEST_PASSWORD },
      };
    case 'POST /api/auth/tokens':
      return { url: '/api/auth/tokens', payload: { name: 'matrix' } };
    case 'POST /api/patients':
      return { url: '/api/patients', payload: { uniqueId: unique('m') } };
    case 'PATCH /api/patients/:id':
      return { url: `/api/patients/${patientId}`, payload: { note: unique('seen') } };
    case 'POST /api/tag-categories':
      return { url: '/api/tag-categories', payload: { name: unique('category'), color: '#654321' } };
    case 'PATCH /api/tag-categories/:id':
      return { url: `/api/tag-categories/${categoryId}`, payload: { color: '#abcdef' } };
    case 'POST /api/tags':
      return { url: '/api/tags', payload: { name: unique('tag'), categoryId } };
    case 'PATCH /api/tags/:id':
      return { url: `/api/tags/${await newTagId()}`, payload: { name: unique('renamed') } };
    case 'DELETE /api/tags/:id':
      return { url: `/api/tags/${await newTagId()}` };
    case 'PATCH /api/settings':
      return { url: '/api/settings', payload: { auditLevel: 'essential' } };
    case 'POST /api/accounts':
      return { url: '/api/accounts', payload: { name: unique('Account') } };
    case 'POST /api/users':
      return {
        url: '/api/users',
        payload: {
          email: `${unique('user')}@matrix.test`,
          password: TEST_PASSWORD,
          role: 'assistant',
          accountId: clinic.account.id,
        },
      };
    default: {
      const url = route.split(' ')[1] ?? '';
      const id = url.startsWith('/api/entries/')
        ? entryId
        : url.startsWith('/api/images/')
          ? imageId
          : patientId;
      return { url: url.replace(':id', id).replace(':version', '1') };
    }
  }
}

/** Every method and path the router knows, from Fastify's own route tree (HEAD comes with GET). */
function appRoutes(): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    const full = (depth === 0 ? '' : (stack[depth - 1] ?? '')) + (m[2] ?? '');
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') found.push(`${method} ${full}`);
    }
  }
  return found;
}

const WEB_ROOTS = ['../../web/dist', '../../web/public'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);
function isWebFile(route: string): boolean {
  const [method, url = ''] = route.split(' ');
  if (method !== 'GET') return false;
  const file = url === '/' ? 'index.html' : url.slice(1);
  return WEB_ROOTS.some((root) => existsSync(path.join(root, file)));
}

describe('role × route matrix', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !(r in MATRIX) && !isWebFile(r));
    expect(missing, 'routes missing from MATRIX').toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => r !== WEB_FILE && !routes.includes(r));
    expect(stale, 'rows of MATRIX that name no route').toEqual([]);
  });

  it.each(Object.entries(MATRIX))('%s answers %j', async (route, expected) => {
    const method = route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
    const got: Record<string, Status> = {};
    const want: Record<string, Status> = {};
    for (const [i, user] of who.entries()) {
      const column = COLUMNS[i] ?? '?';
      const { url, payload, headers } = await requestFor(route, user);
      const res = await t.app.inject({ method, url, headers: { ...user?.headers, ...headers }, payload });
      got[column] = res.statusCode;
      want[column] = expected[i] ?? 0;
      expectDenialShape(res);
      if (method === 'GET') {
        // Fastify answers HEAD for every GET route; it must be guarded the same way.
        got[`${column} (HEAD)`] = (
          await t.app.inject({ method: 'HEAD', url, headers: user?.headers ?? {} })
        ).statusCode;
        want[`${column} (HEAD)`] = expected[i] ?? 0;
      }
    }
    expect(got).toEqual(want);
  });
});

/** 401 and 403 answers carry the contract's error codes (FHIR's: an OperationOutcome's id). */
function expectDenialShape(res: Response) {
  if (res.statusCode === 401 || res.statusCode === 403) {
    const body = res.json();
    if (body.resourceType === 'OperationOutcome') {
      expect(body.id).toBe(res.statusCode === 401 ? 'unauthorized' : 'forbidden');
      return;
    }
  }
  if (res.statusCode === 401) expect(res.json().error.code).toBe('unauthorized');
  if (res.statusCode === 403) expect(['forbidden', 'account_required']).toContain(res.json().error.code);
}
