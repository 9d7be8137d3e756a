import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { openForCommand } from '../runtime.ts';
import { LocalDiskStore } from '../storage/local-disk.ts';
import { client, EXPIRED_BEFORE, findings, type Model, workload } from '../testing/crash.ts';
import { makeJpeg } from '../testing/fixtures.ts';
import { freshPostgres } from '../testing/harness.ts';
import { insertGroup, seedAccountWithTokens } from '../testing/lifecycle-seed.ts';
import { type ServerProcess, serveProcess, stopProcess } from '../testing/processes.ts';

// Crash injection: a real `vellum serve` (the embedded database in its data dir, or PostgreSQL with
// DATABASE_URL) is killed with SIGKILL at a random moment while uploads, image and patient
// deletions and restores, an expunge, a cleanup over freshly expired records and a backup run,
// then restarted; after each restart: no acknowledged record lost or changed, no stored file
// without its row once the orphan sweep ran, no row of an unexpired record without its files, the
// audit chain intact, every patient's counts equal to a recount. CRASH_KILLS sets the number of
// kills: 25 a run by default, and the test suite runs it on both databases, so 50 in every CI run
// (a kill costs 5-7 s, mostly the restart); `npm run test:soak` runs 200.

const KILLS = Number(process.env.CRASH_KILLS || 25);

let dataDir: string;
let env: NodeJS.ProcessEnv;
let drop = async () => {};
let server: ServerProcess | undefined;
let tokens: { clinician: string; root: string };
let seeded: { accountId: string; clinicianId: string };

const filesDir = () => path.join(dataDir, 'files');

/** The database as a command would reach it: through the running server's socket when embedded. */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openForCommand(loadConfig(env));
  try {
    return await fn(opened.database);
  } finally {
    await opened.close();
  }
}

/** A few records deleted long ago, with files: work for the next round's cleanup. */
async function seedExpired(db: Database, round: number) {
  const at = new Date(Date.parse(EXPIRED_BEFORE) - 86_400_000 * (round + 1)).toISOString();
  await insertGroup(db, seeded.accountId, seeded.clinicianId, {
    tag: `exp${round}`,
    patients: 15,
    deletedAt: at,
    entriesPerPatient: 1,
    imagesPerPatient: 1,
  });
  const store = new LocalDiskStore(filesDir());
  const rows = await db.raw(
    `select original_key as a, preview_key as b, thumbnail_key as c from images i
     join patients p on p.id = i.patient_id where p.unique_id like $1`,
    [`exp${round}-%`],
  );
  await Promise.all(
    rows.flatMap((r) => [r.a, r.b, r.c]).map((k) => store.put(String(k), Buffer.from('seed'))),
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-crash-'));
  let databaseUrl = '';
  if (process.env.DATABASE_URL) {
    const fresh = await freshPostgres(process.env.DATABASE_URL);
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  env = { ...process.env, DATABASE_URL: databaseUrl, VELLUM_DATA_DIR: dataDir, LOG_LEVEL: 'fatal' };
  await withDatabase(async (db) => {
    const s = await seedAccountWithTokens(db, 'Crash Clinic');
    seeded = s;
    tokens = { clinician: s.tokens.clinician ?? '', root: s.tokens.root ?? '' };
    await seedExpired(db, 0);
  });
}, 120_000);

afterAll(async () => {
  if (server) await stopProcess(server.child, 'SIGKILL');
  await drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('crash injection', () => {
  it(
    `keeps records, files, counts and the audit chain consistent over ${KILLS} kills`,
    async () => {
      const jpeg = await makeJpeg(200, 150);
      const model: Model = new Map();
      server = await serveProcess(env);
      const created = await client(server.url, tokens)('clinician', 'POST', '/api/patients', {
        uniqueId: 'main',
      });
      expect(created?.status).toBe(201);
      const mainId = String(created?.body.id);
      model.set(mainId, { kind: 'patients', state: 'active', uncertain: false });
      let swept = 0;
      // One round undisturbed: the kills land anywhere within as long as it took, on any machine.
      const started = Date.now();
      await workload(client(server.url, tokens), model, 0, mainId, jpeg);
      const span = Date.now() - started;
      for (let round = 1; round <= KILLS; round++) {
        const work = workload(client(server.url, tokens), model, round, mainId, jpeg);
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * span)));
        await stopProcess(server.child, 'SIGKILL');
        await work;
        server = await serveProcess(env);
        const found = await withDatabase(async (db) => {
          const f = await findings(db, filesDir(), model);
          await seedExpired(db, round);
          return f;
        });
        const context = `after kill ${round}`;
        expect(found.orphans, `${context}: files without a row`).toEqual([]);
        expect(found.missing, `${context}: rows without their files`).toEqual([]);
        expect(found.lost, `${context}: records not as acknowledged`).toEqual([]);
        expect(found.miscounted, `${context}: patients whose counts differ from a recount`).toEqual([]);
        const verify = await client(server.url, tokens)('root', 'GET', '/api/audit/verify');
        expect(verify?.body, `${context}: audit chain`).toMatchObject({ intact: true });
        swept += found.swept;
      }
      // The kills did land among real work, and a cleanup after the last one finishes cleanly.
      const images = [...model.values()].filter((k) => k.kind === 'images' && k.state !== 'gone');
      expect(images.length).toBeGreaterThan(0);
      const last = await client(server.url, tokens)('root', 'POST', '/api/admin/cleanup');
      expect(last?.status).toBe(200);
      expect(last?.body.failures ?? []).toEqual([]);
      await stopProcess(server.child);
      server = undefined;
      if (swept > 0) console.info(`crash injection: the sweep removed ${swept} files of killed uploads`);
    },
    120_000 + KILLS * 60_000,
  );
});
