import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPUNGE_AVAILABLE } from '../fhir/expunge.ts';
import {
  accountAMarks,
  documentedRoutes,
  expectDenialShape,
  inAccountA,
  isWebFile,
  type MatrixFixture,
  routerRoutes,
  seedMatrix,
  WEB_FILE,
} from '../testing/access-matrix.ts';
import { requestFor } from '../testing/access-matrix-requests.ts';
import { startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// Who may call what: every route of the app × anonymous and the four roles (docs/SECURITY-MODEL.md),
// in their own account and, for the three account roles, from another account (B) on account A's
// records: 404 there wherever the role could act at home, never the data. The route list comes from
// the OpenAPI document and, for the routes it hides, from the router: a route missing from the table
// fails the first test, so a new route cannot ship unreviewed; so does a row naming no route.

type Status = number;
/** Not run from account B: the request names no record of account A (it acts on the caller's own). */
const _ = null;
type Row = readonly [
  anonymous: Status,
  assistant: Status,
  clinician: Status,
  admin: Status,
  superAdmin: Status,
  otherAssistant: Status | null,
  otherClinician: Status | null,
  otherAdmin: Status | null,
];

/** What /api/live answers to a signed-in plain GET (the upgrade itself is tested in live.int.test.ts). */
const LIVE = 404;
const EXPUNGE: Row = EXPUNGE_AVAILABLE
  ? [401, 403, 403, 403, 200, 403, 403, 403]
  : [401, 501, 501, 501, 501, 501, 501, 501];

// biome-ignore format: this table is meant to be read as a table
const MATRIX: Record<string, Row> = {
  //                                              own account                   | account B on A's
  //  route                                        anon  asst  clin  admin super | asst  clin  admin
  'GET /healthz':                                  [200,  200,  200,  200,  200,    _,    _,    _],
  'GET /readyz':                                   [200,  200,  200,  200,  200,    _,    _,    _],
  'GET /api/openapi.json':                         [200,  200,  200,  200,  200,    _,    _,    _],
  [WEB_FILE]:                                      [200,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/login':                          [200,  200,  200,  200,  200,    _,    _,    _],
  // First run is over once anyone exists: everyone reads that, and no one may set up again.
  'GET /api/setup':                                [200,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/setup':                               [409,  409,  409,  409,  409,    _,    _,    _],
  'POST /api/auth/logout':                         [401,  204,  204,  204,  204,    _,    _,    _],
  'POST /api/auth/sessions/end-all':               [401,  200,  200,  200,  200,    _,    _,    _],
  'GET /api/auth/me':                              [401,  200,  200,  200,  200,    _,    _,    _],
  'PATCH /api/auth/me':                            [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/tokens':                         [401,  201,  201,  201,  201,    _,    _,    _],
  'GET /api/auth/tokens':                          [401,  200,  200,  200,  200,    _,    _,    _],
  'DELETE /api/auth/tokens/:id':                   [401,  204,  204,  204,  204,  404,  404,  404],
  // Each user's own second factor; disabling (with the password) right after enabling keeps the
  // later rows' sign-ins free of codes.
  'GET /api/auth/totp':                            [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/totp/setup':                     [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/totp/enable':                    [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/totp/disable':                   [401,  200,  200,  200,  200,    _,    _,    _],
  // One's own password (changed away and back); a reset link is the credential of its own use.
  'POST /api/auth/password':                       [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/password-reset':                 [200,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/patients':                            [401,  201,  201,  201,  403,    _,    _,    _],
  // Lists from account B answer with B's own records only (checked: none of A's ids or names).
  'GET /api/patients':                             [401,  200,  200,  200,  403,  200,  200,  200],
  'GET /api/patients/:id':                         [401,  200,  200,  200,  403,  404,  404,  404],
  'PATCH /api/patients/:id':                       [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/patients/:id/history':                 [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/patients/:id/history/:version':        [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/tag-categories':                       [401,  200,  200,  200,  403,  200,  200,  200],
  'POST /api/tag-categories':                      [401,  403,  403,  201,  403,    _,    _,    _],
  'PATCH /api/tag-categories/:id':                 [401,  403,  403,  200,  403,  403,  403,  404],
  'GET /api/tags':                                 [401,  200,  200,  200,  403,  200,  200,  200],
  // A tag in account A's category: a reference in the body, refused as one to no category at all.
  'POST /api/tags':                                [401,  403,  403,  201,  403,  403,  403,  422],
  'PATCH /api/tags/:id':                           [401,  403,  403,  200,  403,  403,  403,  404],
  'DELETE /api/tags/:id':                          [401,  403,  403,  204,  403,  403,  403,  404],
  'GET /api/settings':                             [401,  200,  200,  200,  200,    _,    _,    _],
  'PATCH /api/settings':                           [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/users':                                [401,  403,  403,  200,  200,  403,  403,  200],
  // A user in account A.
  'POST /api/users':                               [401,  403,  403,  201,  201,  403,  403,  404],
  'GET /api/accounts':                             [401,  403,  403,  403,  200,    _,    _,    _],
  'POST /api/accounts':                            [401,  403,  403,  403,  201,    _,    _,    _],
  'GET /api/audit':                                [401,  403,  403,  200,  200,  403,  403,  200],
  'GET /api/audit/verify':                         [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/audit/verify':                   [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/operator-actions':                     [401,  403,  403,  200,  403,    _,    _,    _],
  'POST /api/patients/:id/entries':                [401,  201,  201,  201,  403,  404,  404,  404],
  'GET /api/patients/:id/entries':                 [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/entries/:id':                          [401,  200,  200,  200,  403,  404,  404,  404],
  'PATCH /api/entries/:id':                        [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/entries/:id/history':                  [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/entries/:id/history/:version':         [401,  200,  200,  200,  403,  404,  404,  404],
  'POST /api/patients/:id/lesions':                [401,  201,  201,  201,  403,  404,  404,  404],
  'GET /api/patients/:id/lesions':                 [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/lesions/:id':                          [401,  200,  200,  200,  403,  404,  404,  404],
  'PATCH /api/lesions/:id':                        [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/lesions/:id/images':                   [401,  200,  200,  200,  403,  404,  404,  404],
  'POST /api/patients/:id/images':                 [401,  201,  201,  201,  403,  404,  404,  404],
  'GET /api/patients/:id/images':                  [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/images/:id':                           [401,  200,  200,  200,  403,  404,  404,  404],
  'PATCH /api/images/:id':                         [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/images/:id/file':                      [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/images/:id/history':                   [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/images/:id/history/:version':          [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/patients/:id/consents':                [401,  200,  200,  200,  403,  404,  404,  404],
  'POST /api/patients/:id/consents':               [401,  201,  201,  201,  403,  404,  404,  404],
  'POST /api/consents/:id/revoke':                 [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/consents/:id/signature':               [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/patients/:id/report.pdf':              [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/images/:id/dicom':                     [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/entries/:id/dicom':                    [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/patients/:id/dicom':                   [401,  200,  200,  200,  403,  404,  404,  404],
  // Sending is for clinicians and admins; the endpoint is account A's (a port nothing answers).
  'POST /api/patients/:id/dicom/send':             [401,  403,  200,  200,  403,  403,  404,  404],
  'GET /api/patients/:id/dicom/status':            [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /api/dicom-endpoints':                      [401,  200,  200,  200,  403,    _,    _,    _],
  'GET /api/admin/dicom-endpoints':                [401,  403,  403,  403,  200,    _,    _,    _],
  'POST /api/admin/dicom-endpoints':               [401,  403,  403,  403,  201,    _,    _,    _],
  'PATCH /api/admin/dicom-endpoints/:id':          [401,  403,  403,  403,  200,  403,  403,  403],
  'DELETE /api/admin/dicom-endpoints/:id':         [401,  403,  403,  403,  204,  403,  403,  403],
  'DELETE /api/patients/:id':                      [401,  403,  200,  200,  403,  403,  404,  404],
  'POST /api/patients/:id/restore':                [401,  403,  200,  200,  403,  403,  404,  404],
  'DELETE /api/entries/:id':                       [401,  403,  200,  200,  403,  403,  404,  404],
  'POST /api/entries/:id/restore':                 [401,  403,  200,  200,  403,  403,  404,  404],
  'DELETE /api/images/:id':                        [401,  403,  200,  200,  403,  403,  404,  404],
  'POST /api/images/:id/restore':                  [401,  403,  200,  200,  403,  403,  404,  404],
  'DELETE /api/lesions/:id':                       [401,  403,  200,  200,  403,  403,  404,  404],
  'POST /api/lesions/:id/restore':                 [401,  403,  200,  200,  403,  403,  404,  404],
  'GET /api/patients/:id/deleted-items':           [401,  403,  200,  200,  403,  403,  404,  404],
  'POST /api/patients/:id/hold':                   [401,  403,  403,  200,  403,  403,  403,  404],
  'DELETE /api/patients/:id/hold':                 [401,  403,  403,  200,  403,  403,  403,  404],
  'GET /api/deleted/patients':                     [401,  403,  200,  200,  403,  403,  200,  200],
  'DELETE /api/users/:id':                         [401,  403,  403,  200,  200,  403,  403,  404],
  'PATCH /api/users/:id':                          [401,  403,  403,  200,  200,  403,  403,  404],
  'POST /api/users/:id/restore':                   [401,  403,  403,  200,  200,  403,  403,  404],
  'POST /api/users/:id/totp/reset':                [401,  403,  403,  200,  200,  403,  403,  404],
  'POST /api/users/:id/password-reset':            [401,  403,  403,  200,  200,  403,  403,  404],
  'GET /api/users/:id/credentials':                [401,  403,  403,  200,  200,  403,  403,  404],
  'DELETE /api/users/:id/credentials/tokens/:tokenId': [401, 403, 403, 204, 204, 403,  403,  404],
  'DELETE /api/users/:id/credentials/clients/:clientId': [401, 403, 403, 204, 204, 403, 403, 404],
  'GET /api/deleted/users':                        [401,  403,  403,  200,  200,  403,  403,  200],
  'POST /api/admin/cleanup':                       [401,  403,  403,  403,  200,    _,    _,    _],
  'POST /api/patients/:id/expunge':                [401,  403,  403,  403,  200,  403,  403,  403],
  'POST /api/entries/:id/expunge':                 [401,  403,  403,  403,  200,  403,  403,  403],
  'POST /api/images/:id/expunge':                  [401,  403,  403,  403,  200,  403,  403,  403],
  'POST /api/lesions/:id/expunge':                 [401,  403,  403,  403,  200,  403,  403,  403],
  'GET /api/accounts/:id':                         [401,  403,  403,  403,  200,  403,  403,  403],
  'DELETE /api/accounts/:id':                      [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/cleanup':                        [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/destruction-records':            [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/destruction-records/:id':        [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/destruction-records/:id/csv':    [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/destruction-records/:id/certificate': [401, 403, 403, 403, 200,   _,    _,    _],
  'GET /api/admin/backups':                        [401,  403,  403,  403,  200,    _,    _,    _],
  'POST /api/admin/backups':                       [401,  403,  403,  403,  201,    _,    _,    _],
  'POST /api/admin/backups/:id/restore':           [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/backups/:id/download':           [401,  403,  403,  403,  200,    _,    _,    _],
  'GET /api/admin/backups/schedule':               [401,  403,  403,  403,  200,    _,    _,    _],
  'POST /api/admin/backups/:id/verify':            [401,  403,  403,  403,  200,    _,    _,    _],
  // A plain GET without the WebSocket upgrade: refused once the caller is known.
  'GET /api/live':                                 [401,  LIVE, LIVE, LIVE, LIVE,   _,    _,    _],
  'GET /api/auth/clients':                         [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /api/auth/clients':                        [401,  201,  201,  201,  201,    _,    _,    _],
  'DELETE /api/auth/clients/:id':                  [401,  204,  204,  204,  204,  404,  404,  404],
  // The token endpoint authenticates the client in the form, whoever else the caller is.
  'POST /oauth2/token':                            [200,  200,  200,  200,  200,    _,    _,    _],
  // FHIR, on Patient (the other types run the same services; see server/fhir/*.int.test.ts).
  'GET /fhir/R4/metadata':                         [200,  200,  200,  200,  200,    _,    _,    _],
  'GET /fhir/R4/.well-known/smart-configuration':  [200,  200,  200,  200,  200,    _,    _,    _],
  'GET /.well-known/smart-configuration':          [200,  200,  200,  200,  200,    _,    _,    _],
  // A batch answers 200 whoever is signed in; each entry carries its own status.
  'POST /fhir/R4/':                                [401,  200,  200,  200,  200,    _,    _,    _],
  'POST /fhir/R4':                                 [401,  200,  200,  200,  200,    _,    _,    _],
  'GET /fhir/R4/:type/_history':                   [401,  200,  200,  200,  403,    _,    _,    _],
  'GET /fhir/R4/Binary/:id':                       [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /fhir/R4/:type':                            [401,  200,  200,  200,  403,  200,  200,  200],
  'POST /fhir/R4/:type':                           [401,  201,  201,  201,  403,    _,    _,    _],
  'POST /fhir/R4/:type/_search':                   [401,  200,  200,  200,  403,  200,  200,  200],
  'GET /fhir/R4/:type/:id':                        [401,  200,  200,  200,  403,  404,  404,  404],
  'PUT /fhir/R4/:type/:id':                        [401,  200,  200,  200,  403,  404,  404,  404],
  'PUT /fhir/R4/:type':                            [401,  200,  200,  200,  403,    _,    _,    _],
  'PATCH /fhir/R4/:type/:id':                      [401,  200,  200,  200,  403,  404,  404,  404],
  'DELETE /fhir/R4/:type/:id':                     [401,  403,  200,  200,  403,  403,  404,  404],
  'GET /fhir/R4/:type/:id/_history':               [401,  200,  200,  200,  403,  404,  404,  404],
  'GET /fhir/R4/:type/:id/_history/:vid':          [401,  200,  200,  200,  403,  404,  404,  404],
  'POST /fhir/R4/:type/:id/$expunge':              EXPUNGE,
};

const OWN = ['anonymous', 'assistant', 'clinician', 'admin', 'super admin'] as const;
const OTHER = ['B assistant', 'B clinician', 'B admin'] as const;

let t: TestApp;
let f: MatrixFixture;
let own: (TestUser | undefined)[];
let other: TestUser[];

beforeAll(async () => {
  t = await startTestApp();
  f = await seedMatrix(t);
  own = [undefined, f.clinic.assistant, f.clinic.clinician, f.clinic.admin, f.root];
  other = [f.other.assistant, f.other.clinician, f.other.admin];
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Sends the route's request as `user`, built on account A's records; also HEAD for a GET. */
async function answers(route: string, user: TestUser | undefined, column: string, expected: Status) {
  const method = route.split(' ')[0] as Method;
  const { url, payload, headers } = await requestFor(f, route, inAccountA(f, user));
  const res = await t.app.inject({ method, url, headers: { ...user?.headers, ...headers }, payload });
  expectDenialShape(res);
  const got: Record<string, Status> = { [column]: res.statusCode };
  const want: Record<string, Status> = { [column]: expected };
  if (method === 'GET') {
    // Fastify answers HEAD for every GET route; it must be guarded the same way.
    got[`${column} (HEAD)`] = (
      await t.app.inject({ method: 'HEAD', url, headers: user?.headers ?? {} })
    ).statusCode;
    want[`${column} (HEAD)`] = expected;
  }
  // What the caller sent (an id, a search term) may come back; nothing else of account A's.
  const sent =
    url + (typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : '');
  return { got, want, body: res.body, sent };
}

describe('role × route matrix', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', async () => {
    const documented = await documentedRoutes(t);
    const routed = routerRoutes(t);
    expect(documented.length).toBeGreaterThan(60);
    expect(
      documented.filter((r) => !routed.includes(r)),
      'documented routes the router lacks',
    ).toEqual([]);
    const missing = [...documented, ...routed].filter((r) => !(r in MATRIX) && !isWebFile(r));
    expect([...new Set(missing)], 'routes missing from MATRIX').toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => r !== WEB_FILE && !routed.includes(r));
    expect(stale, 'rows of MATRIX that name no route').toEqual([]);
  });

  it('answers another account never with a denial its own account would not get (403 where home succeeds)', () => {
    for (const [route, row] of Object.entries(MATRIX)) {
      for (const [i, status] of row.slice(5).entries()) {
        const home = row[i + 1] ?? 0;
        if (status === 403) expect(home, `${route}, ${OTHER[i]}`).toBe(403);
      }
    }
  });

  it.each(Object.entries(MATRIX))('%s answers %j', async (route, expected) => {
    const got: Record<string, Status> = {};
    const want: Record<string, Status> = {};
    for (const [i, user] of own.entries()) {
      const a = await answers(route, user, OWN[i] ?? '?', expected[i] ?? 0);
      Object.assign(got, a.got);
      Object.assign(want, a.want);
    }
    const marks = accountAMarks(f);
    for (const [i, user] of other.entries()) {
      const status = expected[i + 5];
      if (status === null || status === undefined) continue;
      const a = await answers(route, user, OTHER[i] ?? '?', status);
      Object.assign(got, a.got);
      Object.assign(want, a.want);
      const leaked = marks.filter((m) => a.body.includes(m) && !a.sent.includes(m));
      expect(leaked, `${route} as ${OTHER[i]}: account A's data in the answer`).toEqual([]);
    }
    expect(got).toEqual(want);
  });
});
