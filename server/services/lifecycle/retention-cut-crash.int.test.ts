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

// PRODUCT.md §6: a confirmed retention cut killed halfway (SIGKILL of a real `vellum serve`) is
// finished after the restart, and its destruction records are complete: every record the cut made
// expired is named exactly once, in the cut's record (batches committed before the kill) or in the
// record of the cleanup that finished it, and nothing else is named.

const NOW = '2030-06-01T00:00:00Z';
const CUT_PATIENTS = Number(process.env.VELLUM_CRASH_PATIENTS ?? 1500);
// Deleted 2029-03-01: within the default 120 months, expired under the cut to 6 months.
const CUT_AT = '2029-03-01T00:00:00Z';
const GROUPS: RecordGroup[] = [
  { tag: 'cut', patients: CUT_PATIENTS, deletedAt: CUT_AT, entriesPerPatient: 1, imagesPerPatient: 1 },
  // Deleted 2030-01-01: not expired under 6 months either.
  {
    tag: 'kept',
    patients: 100,
    deletedAt: '2030-01-01T00:00:00Z',
    entriesPerPatient: 1,
    imagesPerPatient: 1,
  },
  { tag: 'act', patients: 100, deletedAt: null, entriesPerPatient: 1, imagesPerPatient: 1 },
];

let dataDir: string;
let env: NodeJS.ProcessEnv;
let drop = async () => {};
let server: ServerProcess | undefined;
let tokens: Record<string, string>;
let accountId: string;
let doomed: string[];
let kept: string[];

const filesDir = () => path.join(dataDir, 'files');
const imageFolders = (): number => readdirSync(path.join(filesDir(), 'accounts', accountId, 'images')).length;

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openForCommand(loadConfig(env));
  try {
    return await fn(opened.database);
  } finally {
    await opened.close();
  }
}

const ids = (where: string) => `
  select id from patients where ${where} union all select id from entries where ${where}
  union all select id from images where ${where}`;
// The seed spreads deletion times a little after the group's instant; the cut's are all before June 2029.
const CUT = `deleted_at >= '${CUT_AT}' and deleted_at < '2029-06-01'`;
const sorted = (rows: Record<string, unknown>[], key: string) => rows.map((r) => String(r[key])).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vcut-'));
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
    const seeded = await seedAccountWithTokens(db, 'Cut Clinic');
    tokens = seeded.tokens;
    accountId = seeded.accountId;
    for (const g of GROUPS) await insertGroup(db, seeded.accountId, seeded.clinicianId, g);
    await writeImageFiles(db, new LocalDiskStore(filesDir()), seeded.accountId);
    doomed = sorted(await db.raw(ids(CUT)), 'id');
    kept = sorted(await db.raw(ids(`deleted_at is null or not (${CUT})`)), 'id');
    expect(doomed.length).toBe(CUT_PATIENTS * 3);
  });
}, 300_000);

afterAll(async () => {
  if (server) await stopProcess(server.child, 'SIGKILL');
  await drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (method: string, url: string, body?: object) =>
  fetch(`${server?.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens.root}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

it('finishes a retention cut killed halfway, and its destruction records name every removed record once', async () => {
  server = await serveProcess(env);
  const before = imageFolders();
  let finished = false;
  const running = call('PATCH', '/api/settings', { retentionMonths: 6, confirmReduction: true }).then(
    () => {
      finished = true;
    },
    () => undefined,
  );
  for (;;) {
    if (finished)
      throw new Error('the cut finished before it could be killed: seed more (VELLUM_CRASH_PATIENTS)');
    // Past the first batch (about 500 of these patients with their compartments), well before the last.
    if (before - imageFolders() >= CUT_PATIENTS * 0.4) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stopProcess(server.child, 'SIGKILL');
  await running;
  server = undefined;

  // Right after the crash: the new period is in force, part of the cut is done and recorded.
  await withDatabase(async (db) => {
    const [left] = await db.raw(`select count(*)::int as n from patients where ${CUT}`);
    expect(Number(left?.n)).toBeGreaterThan(0);
    const records = await db.raw(`select trigger from destruction_records`);
    expect(records.length).toBeLessThanOrEqual(1);
    for (const r of records) expect(r.trigger).toBe('retention_cut');
    const named = await db.raw(
      `select count(*)::int as n from destruction_record_items i
       where not exists (select 1 from patients p where p.id = i.item_id)
         and not exists (select 1 from entries e where e.id = i.item_id)
         and not exists (select 1 from images m where m.id = i.item_id)`,
    );
    const [all] = await db.raw('select count(*)::int as n from destruction_record_items');
    // Every named record is gone: the record and the removal commit together.
    expect(Number(named[0]?.n)).toBe(Number(all?.n));
  });

  server = await serveProcess(env);
  const again = await call('POST', '/api/admin/cleanup');
  expect(again.status).toBe(200);
  expect(((await again.json()) as { failures: unknown[] }).failures).toEqual([]);
  await stopProcess(server.child);
  server = undefined;

  await withDatabase(async (db) => {
    expect(sorted(await db.raw(ids('true')), 'id')).toEqual(kept);
    const named = await db.raw(
      `select i.item_id, count(*)::int as n, min(r.trigger) as first, max(r.trigger) as last
       from destruction_record_items i join destruction_records r on r.id = i.record_id group by i.item_id`,
    );
    expect(sorted(named, 'item_id')).toEqual(doomed);
    expect(named.filter((r) => Number(r.n) !== 1)).toEqual([]);
    const triggers = await db.raw(
      `select r.trigger, count(*)::int as n from destruction_record_items i
       join destruction_records r on r.id = i.record_id group by r.trigger order by r.trigger`,
    );
    expect(triggers.map((r) => r.trigger)).toContain('cleanup');
  });
}, 600_000);
