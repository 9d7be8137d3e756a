import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { oauthClient } from './fhir.ts';
import { makeJpeg, makePng, upload } from './fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  type Response,
  seedAccount,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The role × route matrix (server/routes/access-matrix.int.test.ts): its seeded records, the routes
// the app serves (from its OpenAPI document and from its router, for the routes the document
// hides) and the checks every answer goes through.

/** Stands for every file of the web app that @fastify/static serves (one route per file). */
export const WEB_FILE = 'GET <web app file>';

export type Clinic = Awaited<ReturnType<typeof seedAccount>>;

export interface MatrixFixture {
  t: TestApp;
  /** Account A: every record the requests name is its. */
  clinic: Clinic;
  /** Account B: its users ask for account A's records. */
  other: Clinic;
  root: TestUser;
  patientId: string;
  categoryId: string;
  entryId: string;
  imageId: string;
  lesionId: string;
  signedConsentId: string;
  tokenClient: { clientId: string; clientSecret: string };
  unique: (prefix: string) => string;
}

/** Two accounts with a user of every role, a super administrator, and account A's records. */
export async function seedMatrix(t: TestApp): Promise<MatrixFixture> {
  let counter = 0;
  const clinic = await seedAccount(t, 'Matrix Clinic');
  const other = await seedAccount(t, 'Other Practice');
  const root = await createSuperAdmin(t);
  const patientId = (await createPatient(t, clinic.clinician, { uniqueId: 'matrix-1' })).id;
  const inject = (url: string, user: TestUser, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: user.headers, payload }).then((r) => r.json());
  const category = await inject('/api/tag-categories', clinic.admin, { name: 'Matrix', color: '#123456' });
  const entry = await inject(`/api/patients/${patientId}/entries`, clinic.clinician, {
    appointmentAt: '2026-01-05T10:00:00Z',
  });
  const image = await upload(t, clinic.clinician.headers, patientId, [
    { filename: 'm.jpg', data: await makeJpeg(64, 48) },
  ]);
  const lesion = await inject(`/api/patients/${patientId}/lesions`, clinic.clinician, {
    site: { view: 'front', x: 0.5, y: 0.3 },
  });
  const consent = await inject(`/api/patients/${patientId}/consents`, clinic.clinician, {
    method: 'signature',
    signature: `data:image/png;base64,${(await makePng(80, 30)).toString('base64')}`,
  });
  return {
    t,
    clinic,
    other,
    root,
    patientId,
    categoryId: category.id,
    entryId: entry.id,
    imageId: image.json().created[0].id,
    lesionId: lesion.id,
    signedConsentId: consent.id,
    tokenClient: await oauthClient(t, clinic.clinician, 'matrix token'),
    unique: (prefix) => `${prefix}-${++counter}`,
  };
}

/** Account A's user of the same role as this user of account B (or the user itself). */
export function inAccountA(f: MatrixFixture, user: TestUser | undefined): TestUser | undefined {
  if (!user || user.accountId !== f.other.account.id) return user;
  return f.clinic[user.role as 'admin' | 'clinician' | 'assistant'];
}

/** What may never appear in an answer to account B: account A's ids, names and addresses. */
export function accountAMarks(f: MatrixFixture): string[] {
  const { clinic } = f;
  return [
    clinic.account.id,
    'Matrix Clinic',
    'matrix-1',
    f.patientId,
    f.entryId,
    f.imageId,
    f.lesionId,
    f.signedConsentId,
    f.categoryId,
    ...[clinic.admin, clinic.clinician, clinic.assistant].flatMap((u) => [u.id, u.email]),
  ];
}

/** Every operation of the OpenAPI document, `METHOD /path/:param`. */
export async function documentedRoutes(t: TestApp): Promise<string[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

/**
 * Every method and path the router knows, from Fastify's own route tree (HEAD comes with GET):
 * also the routes the document leaves out (health, FHIR, the live socket, the web app's files).
 */
export function routerRoutes(t: TestApp): string[] {
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
export function isWebFile(route: string): boolean {
  const [method, url = ''] = route.split(' ');
  if (method !== 'GET') return false;
  const file = url === '/' ? 'index.html' : url.slice(1);
  return WEB_ROOTS.some((root) => existsSync(path.join(root, file)));
}

/** 401 and 403 answers carry the contract's error codes (FHIR's: an OperationOutcome's id). */
export function expectDenialShape(res: Response) {
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
