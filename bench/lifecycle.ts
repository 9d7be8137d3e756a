import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import type { Clock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { systemActor } from '../server/services/context.ts';
import { runCleanup } from '../server/services/lifecycle/run-cleanup.ts';
import { queryPatients } from '../server/services/patients/list-patients.ts';
import { LocalDiskStore } from '../server/storage/local-disk.ts';
import { insertGroup, seedAccountWithTokens, writeImageFiles } from '../server/testing/lifecycle-seed.ts';
import { patientListQuery } from '../shared/schemas/patients.ts';
import type { BenchDatabase } from './database.ts';
import { openPrepared } from './database.ts';
import { flushFileSystem, REMOVAL_METHODS, type RemovalFigure, timeRemoval } from './file-removal.ts';
import { seed } from './seed.ts';
import { type Summary, summarize, timeOnce } from './stats.ts';

/**
 * The two deletion-lifecycle benchmarks: the cleanup of many expired records with their files while
 * a reader pages through the patient list, and a retention change over a million deleted records.
 */

const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

const CLEANUP_NOW = '2030-06-01T00:00:00Z';

export interface CleanupResult {
  records: number;
  files: number;
  seconds: number;
  recordsPerSecond: number;
  baseline: Summary;
  during: Summary;
  failures: number;
  /** Seconds from the start of the cleanup to the end of each of its stages. */
  stages: [string, number][];
  /** The same number of files in the same layout removed by the store's call alone, in this run. */
  bare: RemovalFigure;
}

/**
 * `images` expired image rows (each with three files): a quarter of them belong to expired deleted
 * patients (one entry and two images each), the rest were deleted on their own from active
 * patients (five each); one deletion event per deleted patient and per loose image, as the server
 * writes them. The reader runs the patient list of 100,000 patients, one query at a time, in the
 * same process as the cleanup (as the daily cleanup runs inside the server).
 */
export async function cleanupBench(
  bench: BenchDatabase,
  images: number,
  log: (line: string) => void,
): Promise<CleanupResult> {
  const database = await openPrepared(bench);
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-cleanup-'));
  try {
    const seeded = await seed(database, 100_000, { analyze: true });
    const deadPatients = Math.floor(images / 4);
    const holders = Math.floor((images - 2 * deadPatients) / 5);
    await insertGroup(database, seeded.accountId, seeded.userId, {
      tag: 'dead',
      patients: deadPatients,
      deletedAt: '2015-01-01T00:00:00Z',
      entriesPerPatient: 1,
      imagesPerPatient: 2,
    });
    await insertGroup(database, seeded.accountId, seeded.userId, {
      tag: 'hold',
      patients: holders,
      deletedAt: null,
      entriesPerPatient: 0,
      imagesPerPatient: 0,
      looseImages: { perPatient: 5, deletedAt: '2016-01-01T00:00:00Z' },
    });
    await seedDeletionEvents(database, seeded.accountId);
    const storage = new LocalDiskStore(filesDir);
    const started = performance.now();
    const files = await writeImageFiles(database, storage, seeded.accountId);
    flushFileSystem(filesDir);
    log(
      `  wrote ${files.toLocaleString('en')} files in ${((performance.now() - started) / 1000).toFixed(0)} s (flushed to disk)`,
    );
    await database.raw('vacuum (analyze)');

    const queries = ['lastModified', 'uniqueId', 'name', 'lastAppointment'].flatMap((sort) =>
      [1, 20].map((page) => patientListQuery.parse({ sort, page, pageSize: 50 })),
    );
    let i = 0;
    const read = () =>
      queryPatients(
        database.db,
        seeded.accountId,
        queries[i++ % queries.length] ?? patientListQuery.parse({}),
      );
    for (let w = 0; w < 20; w++) await read();
    const baseline: number[] = [];
    for (let n = 0; n < 400; n++) baseline.push(await timeOnce(read));

    const bare = await timeRemoval(REMOVAL_METHODS[0] as (typeof REMOVAL_METHODS)[0], images);
    log(
      `  bare removal of ${bare.files.toLocaleString('en')} files in the same layout: ${bare.seconds.toFixed(1)} s`,
    );

    const during: number[] = [];
    let done = false;
    const reader = (async () => {
      while (!done) during.push(await timeOnce(read));
    })();
    const ctx = { db: database.db, clock: fixedClock(CLEANUP_NOW) };
    const t0 = performance.now();
    const stages: [string, number][] = [];
    const result = await runCleanup(ctx, storage, systemActor(), {
      trigger: 'manual',
      instance: 'bench',
      onProgress: (stage) => {
        const at = (performance.now() - t0) / 1000;
        const last = stages.at(-1);
        if (last?.[0] === stage) last[1] = at;
        else stages.push([stage, at]);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    done = true;
    await reader;
    const { patients, entries, images: removedImages } = result.removed;
    const records = patients + entries + removedImages;
    return {
      records,
      files: result.removed.files,
      seconds,
      recordsPerSecond: records / seconds,
      baseline: summarize(baseline),
      during: summarize(during),
      failures: result.failures.length,
      stages,
      bare,
    };
  } finally {
    await database.close();
    await rm(filesDir, { recursive: true, force: true });
  }
}

export interface RetentionResult {
  deleted: number;
  events: number;
  increase: Summary;
  reduction: Summary;
}

/**
 * `records` deleted records, mixed: deleted patients with one entry and one image each (three
 * records), and images deleted on their own from active patients; one deletion event per deleted
 * patient and per loose image carries its expiry, as the server writes them. Each round raises
 * retention from 120 to 180 months and then reduces it back with confirmation (nothing expires:
 * every deletion is from 2025, the clock says 2026) through PATCH /api/settings.
 */
export async function retentionBench(
  bench: BenchDatabase,
  records: number,
  rounds: number,
): Promise<RetentionResult> {
  const database = await openPrepared(bench);
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-retention-'));
  try {
    const seeded = await seedAccountWithTokens(database, 'Retention bench');
    const patients = Math.floor(records / 6);
    const holders = Math.floor((records - 3 * patients) / 5);
    const at = '2025-06-01T00:00:00Z';
    await insertGroup(database, seeded.accountId, seeded.clinicianId, {
      tag: 'gone',
      patients,
      deletedAt: at,
      entriesPerPatient: 1,
      imagesPerPatient: 1,
    });
    await insertGroup(database, seeded.accountId, seeded.clinicianId, {
      tag: 'hold',
      patients: holders,
      deletedAt: null,
      entriesPerPatient: 0,
      imagesPerPatient: 0,
      looseImages: { perPatient: 5, deletedAt: at },
    });
    await seedDeletionEvents(database, seeded.accountId);
    await database.raw('vacuum (analyze)');
    const [counts] = await database.raw(`select
      (select count(*) from patients where deleted_at is not null) + (select count(*) from entries where deleted_at is not null)
      + (select count(*) from images where deleted_at is not null) as deleted,
      (select count(*) from audit_events where expiry_base is not null) as events`);

    const config = loadConfig({ ...process.env, DATABASE_URL: '', VELLUM_FAKE_TIME: '' });
    const storage = new LocalDiskStore(filesDir);
    const app = await buildApp({ config, database, clock: fixedClock('2026-01-01T00:00:00Z'), storage });
    const patch = async (payload: object) => {
      const res = await app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: { authorization: `Bearer ${seeded.tokens.root}` },
        payload,
      });
      if (res.statusCode !== 200) throw new Error(`retention change refused: ${res.body}`);
    };
    const increase: number[] = [];
    const reduction: number[] = [];
    for (let r = 0; r < rounds; r++) {
      increase.push(await timeOnce(() => patch({ retentionMonths: 180 })));
      reduction.push(await timeOnce(() => patch({ retentionMonths: 120, confirmReduction: true })));
    }
    await app.close();
    return {
      deleted: Number(counts?.deleted),
      events: Number(counts?.events),
      increase: summarize(increase),
      reduction: summarize(reduction),
    };
  } finally {
    await database.close();
    await rm(filesDir, { recursive: true, force: true });
  }
}

/** One deletion event per deleted patient and per image deleted on its own, expiring with it. */
async function seedDeletionEvents(database: Database, accountId: string) {
  for (const [table, action] of [
    ['patients', 'patient.delete'],
    ['images', 'image.delete'],
  ] as const) {
    const onlyRoots = table === 'images' ? `and deletion_kind = 'individual'` : '';
    await database.raw(`
      insert into audit_events (id, at, account_id, action, level, target_type, target_id, patient_id,
        content_hash, prev_hash, hash, expiry_base)
      select gen_random_uuid(), deleted_at, account_id, '${action}', 'essential', '${action.split('.')[0]}', id,
        ${table === 'patients' ? 'id' : 'patient_id'}, md5(id::text), md5(id::text), md5(id::text), deleted_at
      from ${table} where account_id = '${accountId}' and deleted_at is not null ${onlyRoots}`);
  }
}
