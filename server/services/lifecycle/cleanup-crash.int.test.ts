import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { openForCommand } from '../../runtime.ts';
import { LocalDiskStore } from '../../storage/local-disk.ts';
import { freshPostgres } from '../../testing/harness.ts';
import {
  insertGroup,
  type RecordGroup,
  seedAccountWithTokens,
  writeImageFiles,
} from '../../testing/lifecycle-seed.ts';
import { type ServerProcess, serveProcess, stopProcess } from '../../testing/processes.ts';

// PRODUCT.md §6: the cleanup "resumes after a crash; never leaves a stored file whose record is
// gone, nor removes anything not expired". A real `vellum serve` (embedded data dir, or PostgreSQL
// with DATABASE_URL) on thousands of expired records with files is killed (SIGKILL) in the middle
// of a cleanup, restarted, and cleans again; then rows and files are compared with what was seeded.

const NOW = '2030-06-01T00:00:00Z'; // the server's clock; retention is the default 120 months
const EXPIRED_PATIENTS = Number(process.env.VELLUM_CRASH_PATIENTS ?? 1500);
const OLD = '2020-01-01T00:00:00Z'; // everything deleted before this has expired by NOW
const GROUPS: RecordGroup[] = [
  {
    tag: 'exp',
    patients: EXPIRED_PATIENTS,
    deletedAt: '2015-01-01T00:00:00Z',
    entriesPerPatient: 1,
    imagesPerPatient: 1,
  },
  {
    tag: 'kept',
    patients: 100,
    deletedAt: '2030-01-01T00:00:00Z',
    entriesPerPatient: 1,
    imagesPerPatient: 1,
  },
  {
    tag: 'act',
    patients: 200,
    deletedAt: null,
    entriesPerPatient: 1,
    imagesPerPatient: 1,
    looseImages: { perPatient: 1, deletedAt: '2016-03-01T00:00:00Z' },
  },
  {
    tag: 'actk',
    patients: 100,
    deletedAt: null,
    entriesPerPatient: 0,
    imagesPerPatient: 0,
    looseImages: { perPatient: 1, deletedAt: '2030-02-01T00:00:00Z' },
  },
];
// An image folder each (three files), removed with its last file.
const EXPIRED_IMAGES = EXPIRED_PATIENTS + 200;

let dataDir: string;
let env: NodeJS.ProcessEnv;
let drop = async () => {};
let server: ServerProcess | undefined;
let tokens: Record<string, string>;
let kept: string[];
let accountId: string;

const filesDir = () => path.join(dataDir, 'files');
/** The image folders left: one listing, quick enough to watch a fast cleanup's progress. */
const imageFolders = (): number => readdirSync(path.join(filesDir(), 'accounts', accountId, 'images')).length;
/** The stored originals; read again when the running cleanup removes a folder under the walk. */
const storedFiles = (): string[] => {
  try {
    return readdirSync(filesDir(), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.jpg'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return storedFiles();
    throw err;
  }
};

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openForCommand(loadConfig(env));
  try {
    return await fn(opened.database);
  } finally {
    await opened.close();
  }
}

const KEEP_SQL = `
  select id from patients where deleted_at is null or deleted_at >= '${OLD}'
  union all select id from entries where deleted_at is null or deleted_at >= '${OLD}'
  union all select id from images where deleted_at is null or deleted_at >= '${OLD}'`;
const KEYS_SQL = `select original_key as k from images union all select preview_key from images
  union all select thumbnail_key from images`;
const sorted = (rows: Record<string, unknown>[], key: string) => rows.map((r) => String(r[key])).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vcrash-'));
  let databaseUrl = '';
  if (process.env.DATABASE_URL) {
    const fresh = await freshPostgres(process.env.DATABASE_URL);
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  env = {
    ...process.env,
    VELLUM_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    VELLUM_FAKE_TIME: NOW,
    LOG_LEVEL: 'error',
  };
  await withDatabase(async (db) => {
    const seeded = await seedAccountWithTokens(db, 'Crash Clinic');
    tokens = seeded.tokens;
    accountId = seeded.accountId;
    for (const g of GROUPS) await insertGroup(db, seeded.accountId, seeded.clinicianId, g);
    await writeImageFiles(db, new LocalDiskStore(filesDir()), seeded.accountId);
    kept = sorted(await db.raw(KEEP_SQL), 'id');
  });
}, 300_000);

afterAll(async () => {
  if (server) await stopProcess(server.child, 'SIGKILL');
  await drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (method: string, url: string, who: 'root' | 'clinician', body?: object) =>
  fetch(`${server?.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

it('finishes a cleanup killed halfway, removing every expired record and file and nothing else', async () => {
  server = await serveProcess(env);
  // Some chained activity before the crash, kept by the cleanup (deleted now, not expired).
  const created = await call('POST', '/api/patients', 'clinician', { uniqueId: 'audited-1' });
  expect(created.status).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  expect(
    (
      await call('DELETE', `/api/patients/${id}`, 'clinician', {
        reason: 'duplicate',
        confirmation: 'delete audited-1',
      })
    ).status,
  ).toBe(200);
  kept.push(id);

  const before = imageFolders();
  let finished = false;
  const running = call('POST', '/api/admin/cleanup', 'root').then(
    () => {
      finished = true;
    },
    () => undefined,
  );
  // Kill once a third of the expired images' folders are gone: some batches committed, the rest
  // not begun. (Walking every stored file to watch was slower than the cleanup on PostgreSQL.)
  for (;;) {
    if (finished)
      throw new Error('the cleanup finished before it could be killed: seed more (VELLUM_CRASH_PATIENTS)');
    if (before - imageFolders() >= EXPIRED_IMAGES / 3) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stopProcess(server.child, 'SIGKILL');
  await running;
  server = undefined;

  // Right after the crash: files may be gone with their rows still there, never the other way round.
  await withDatabase(async (db) => {
    const keys = new Set(sorted(await db.raw(KEYS_SQL), 'k'));
    expect(storedFiles().filter((f) => !keys.has(f))).toEqual([]);
    const [left] = await db.raw(`select count(*)::int as n from patients where deleted_at < '${OLD}'`);
    expect(Number(left?.n)).toBeGreaterThan(0);
    const runs = await db.raw('select finished_at from cleanup_runs');
    expect(runs).toEqual([{ finished_at: null }]);
  });

  server = await serveProcess(env);
  const again = await call('POST', '/api/admin/cleanup', 'root');
  expect(again.status).toBe(200);
  const result = (await again.json()) as { failures: unknown[]; removed: { patients: number } };
  expect(result.failures).toEqual([]);
  expect(result.removed.patients).toBeGreaterThan(0);
  const verify = (await (await call('GET', '/api/audit/verify', 'root')).json()) as { intact: boolean };
  expect(verify.intact).toBe(true);
  await stopProcess(server.child);
  server = undefined;

  await withDatabase(async (db) => {
    const expired = await db.raw(`
      select (select count(*) from patients where deleted_at < '${OLD}')
           + (select count(*) from entries where deleted_at < '${OLD}')
           + (select count(*) from images where deleted_at < '${OLD}') as n`);
    expect(Number(expired[0]?.n)).toBe(0);
    expect(sorted(await db.raw(KEEP_SQL), 'id')).toEqual([...kept].sort());
    // Exactly the files of the rows left: none orphaned, none of a kept record missing.
    expect(storedFiles().sort()).toEqual(sorted(await db.raw(KEYS_SQL), 'k'));
  });
}, 600_000);
