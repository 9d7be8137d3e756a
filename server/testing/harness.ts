import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type VellumApp } from '../app.ts';
import { FakeClock } from '../clock.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Database, openEmbedded, openPostgres } from '../db/client.ts';
import type { Role } from '../domain/roles.ts';
import { prepareDatabase } from '../runtime.ts';
import { insertAccount } from '../services/accounts.ts';
import { type Evidence, openEvidence } from '../services/evidence/evidence.ts';
import { insertUser } from '../services/users.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { LocalDiskStore } from '../storage/local-disk.ts';

/**
 * A real Vellum app on a real, private database: in-memory embedded PostgreSQL by default, a fresh
 * database on the PostgreSQL server when DATABASE_URL is set (dropped again at close).
 */
export interface TestApp<S extends BlobStore = LocalDiskStore> {
  app: VellumApp;
  clock: FakeClock;
  database: Database;
  config: Config;
  storage: S;
  /** The app's keys and checkpoint log (in its own temporary data dir). */
  evidence: Evidence;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'Correct-Horse-42!';
export const TEST_START = new Date('2026-01-01T09:00:00Z');
/**
 * One audit key for every test app of a process (the key is per process, as in production). Child
 * processes started by tests inherit it through VELLUM_AUDIT_KEY.
 */
export const TEST_AUDIT_KEY = 'a1'.repeat(32);
/** Every test app is the same deployment for backups: one signing key, one backup passphrase. */
export const TEST_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILjuBSg2td38WcdUvBjt7O1y6ZE5v9Gy9Hmoyj+KLqxf
-----END PRIVATE KEY-----
`;
/** A low scrypt work factor: each read of an encrypted backup pays it. */
export const TEST_BACKUP_KEY = { passphrase: 'test backup passphrase', scryptWorkFactor: 10 };
process.env.VELLUM_AUDIT_KEY ??= TEST_AUDIT_KEY;

export async function freshPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vellum_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Where the next app started by startTestApp writes its log (tests of the log itself). */
let nextLogStream: NodeJS.WritableStream | undefined;
export function logNextTestAppTo(stream: NodeJS.WritableStream) {
  nextLogStream = stream;
}

export async function startTestApp(overrides?: Partial<Config>): Promise<TestApp>;
/** The same app over another blob store (the S3-compatible one). */
export async function startTestApp<S extends BlobStore>(
  overrides: Partial<Config>,
  storage: S,
): Promise<TestApp<S>>;
export async function startTestApp(
  overrides: Partial<Config> = {},
  given?: BlobStore,
): Promise<TestApp<BlobStore>> {
  const base = loadConfig({ ...process.env, DATABASE_URL: '', VELLUM_FAKE_TIME: '' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-data-'));
  const config: Config = {
    ...base,
    dataDir,
    evidence: { auditKey: TEST_AUDIT_KEY, signingKey: TEST_SIGNING_KEY },
    backupKey: TEST_BACKUP_KEY,
    loginRateLimit: 10_000,
    checkAnswers: true,
    ...overrides,
  };
  let database: Database;
  let drop = async () => {};
  if (process.env.DATABASE_URL) {
    const fresh = await freshPostgres(process.env.DATABASE_URL);
    database = await openPostgres(fresh.url, { poolSize: 4 });
    drop = fresh.drop;
  } else {
    database = await openEmbedded(undefined);
  }
  await prepareDatabase(database, config);
  const clock = new FakeClock(TEST_START);
  const filesDir = mkdtempSync(path.join(tmpdir(), 'vellum-files-'));
  const storage = given ?? new LocalDiskStore(filesDir);
  const evidence = openEvidence(config, storage);
  const logger = nextLogStream;
  nextLogStream = undefined;
  const app = await buildApp({ config, database, clock, storage, evidence, logger });
  await app.ready();
  return {
    app,
    clock,
    database,
    config,
    storage,
    evidence,
    close: async () => {
      await app.close();
      await database.close();
      await drop();
      rmSync(filesDir, { recursive: true, force: true });
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  accountId: string | null;
  /** Headers that authenticate as this user (a bearer API token). */
  headers: Record<string, string>;
}

/** Creates an account with one user per role, each with an API token. */
export async function seedAccount(t: TestApp<BlobStore>, name: string) {
  const ctx = { db: t.database.db, clock: t.clock };
  const account = await insertAccount(t.database.db, ctx, name);
  const make = (role: Role) => createUser(t, role, account.id, `${role}@${slug(name)}.test`);
  return {
    account,
    admin: await make('admin'),
    clinician: await make('clinician'),
    assistant: await make('assistant'),
  };
}

export async function createSuperAdmin(t: TestApp<BlobStore>, email = 'root@vellum.test') {
  return createUser(t, 'super-admin', null, email);
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

async function createUser(
  t: TestApp<BlobStore>,
  role: Role,
  accountId: string | null,
  email: string,
): Promise<TestUser> {
  const ctx = { db: t.database.db, clock: t.clock };
  const user = await insertUser(t.database.db, ctx, { email, password: TEST_PASSWORD, role, accountId });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  const cookies = res.cookies;
  const session = cookies.find((c) => c.name === 'vellum_session')?.value;
  const csrf = cookies.find((c) => c.name === 'vellum_csrf')?.value;
  const tok = await t.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    cookies: { vellum_session: session ?? '' },
    headers: { 'x-csrf-token': csrf ?? '' },
    // No expiry: tests move the clock by months and years.
    payload: { name: 'tests', expiresInDays: null },
  });
  const token = tok.json().token as string;
  if (!token) throw new Error(`could not make a token for ${email}: ${tok.body}`);
  return { id: user.id, email, role, accountId, headers: { authorization: `Bearer ${token}` } };
}

export type Response = LightMyRequestResponse;

export interface CookieSession {
  /** The sign-in answer itself (its Set-Cookie headers, its body). */
  response: Response;
  /** Cookies to send back, as a browser would. */
  cookies: Record<string, string>;
  /** The CSRF header that cookie-authenticated writes must carry. */
  csrfHeader: Record<string, string>;
}

/** Signs in with e-mail and password as the web app does; fails loudly when the sign-in is refused. */
export async function cookieLogin(
  t: TestApp<BlobStore>,
  email: string,
  password = TEST_PASSWORD,
): Promise<CookieSession> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.body}`);
  const value = (name: string) => response.cookies.find((c) => c.name === name)?.value ?? '';
  return {
    response,
    cookies: { vellum_session: value('vellum_session') },
    csrfHeader: { 'x-csrf-token': value('vellum_csrf') },
  };
}

/** Creates a patient through the API and returns it; fails loudly on anything but 201. */
export async function createPatient(
  t: TestApp<BlobStore>,
  user: { headers: Record<string, string> },
  payload: Record<string, unknown>,
) {
  const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: user.headers, payload });
  if (res.statusCode !== 201)
    throw new Error(`could not create patient ${JSON.stringify(payload)}: ${res.body}`);
  return res.json() as PatientJson;
}

export interface PatientJson {
  id: string;
  uniqueId: string;
  version: number;
  firstName: string | null;
  lastName: string | null;
  tagIds: string[];
  effectiveTagIds: string[];
  imageCount: number;
  entryCount: number;
  lastAppointmentAt: string | null;
  lastModifiedAt: string;
  createdAt: string;
  [field: string]: unknown;
}
