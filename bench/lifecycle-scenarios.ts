import os from 'node:os';
import { createBenchDatabase } from './database.ts';
import { REMOVAL_METHODS, timeRemoval } from './file-removal.ts';
import { cleanupBench, retentionBench } from './lifecycle.ts';
import { ms } from './stats.ts';

const log = (line = '') => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const positive = (v: string | undefined, fallback: number) => {
  const n = v ? Number(v.replace(/_/g, '')) : fallback;
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** `--scenario cleanup`: BENCH_CLEANUP_IMAGES expired images with files (default 100,000). */
export async function cleanupScenario() {
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const images = positive(process.env.BENCH_CLEANUP_IMAGES, 100_000);
    log(
      `cleanup: ${images.toLocaleString('en')} expired images (3 files each) and their patients and entries, ${bench.kind} database`,
    );
    log(`  load average at start: ${loadAverage()}`);
    const r = await cleanupBench(bench, images, log);
    log(`  load average at the end: ${loadAverage()}`);
    log(
      `  removed ${r.records.toLocaleString('en')} records and ${r.files.toLocaleString('en')} files in ${r.seconds.toFixed(1)} s: ${r.recordsPerSecond.toFixed(0)} records/s (${r.failures} failures)`,
    );
    log(
      `  patient list (100,000 patients) p50/p95: ${ms(r.baseline.p50)}/${ms(r.baseline.p95)} ms before (${r.baseline.n} queries), ${ms(r.during.p50)}/${ms(r.during.p95)} ms during the cleanup (${r.during.n} queries)`,
    );
    log(`  stages (seconds from the start): ${r.stages.map(([s, t]) => `${s} ${t.toFixed(1)}`).join(', ')}`);
    const filesPerSecond = r.files / r.seconds;
    // Records per file of this data: the bare pace in records/s is what the disk alone would allow.
    const perFile = r.records / r.files;
    log(
      `  baseline, the same ${r.bare.files.toLocaleString('en')} files and their folders removed by the store alone (no database, no reader): ${r.bare.filesPerSecond.toFixed(0)} files/s = ${(r.bare.filesPerSecond * perFile).toFixed(0)} records/s at this data's ${perFile.toFixed(2)} records per file`,
    );
    const share = filesPerSecond / r.bare.filesPerSecond;
    log(`  cleanup ${filesPerSecond.toFixed(0)} files/s: ${(100 * share).toFixed(0)} % of the bare removal`);
    // The target is relative to the disk's own pace in the same run: an absolute rate measures the disk.
    log(`  ${verdict(share >= 0.75)}  at least 75 % of the bare removal's pace`);
    log(
      `  ${verdict(r.during.p95 <= 2 * r.baseline.p95)}  reader p95 during the cleanup within 2x of before`,
    );
  } finally {
    await bench.drop();
  }
}

/** `--scenario retention-change`: BENCH_DELETED_RECORDS deleted records (default 1,000,000). */
export async function retentionChangeScenario() {
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const records = positive(process.env.BENCH_DELETED_RECORDS, 1_000_000);
    const rounds = positive(process.env.BENCH_ROUNDS, 3);
    log(
      `retention change: ${records.toLocaleString('en')} deleted records, ${bench.kind} database, ${rounds} rounds`,
    );
    log(`  load average at start: ${loadAverage()}`);
    const r = await retentionBench(bench, records, rounds);
    log(`  load average at the end: ${loadAverage()}`);
    log(
      `  ${r.deleted.toLocaleString('en')} deleted records, ${r.events.toLocaleString('en')} activity events with an expiry`,
    );
    log(`  increase 120 -> 180 months: p50 ${ms(r.increase.p50)} ms, max ${ms(r.increase.max)} ms`);
    log(
      `  confirmed reduction 180 -> 120 months (expires nothing): p50 ${ms(r.reduction.p50)} ms, max ${ms(r.reduction.max)} ms`,
    );
    log(`  ${verdict(r.increase.max <= 1000 && r.reduction.max <= 1000)}  every retention change <= 1 s`);
  } finally {
    await bench.drop();
  }
}

/**
 * `--scenario file-removal`: the disk's ceilings for the cleanup's files, BENCH_REMOVAL_IMAGES
 * image directories of three tiny files (default 20,000), flushed to disk, removed by each method
 * in turn on a fresh tree. Run it again with UV_THREADPOOL_SIZE set to see libuv's pool size.
 */
export async function fileRemovalScenario() {
  const images = positive(process.env.BENCH_REMOVAL_IMAGES, 20_000);
  log(
    `file removal: ${images.toLocaleString('en')} image directories of 3 tiny files, flushed to disk; libuv threads ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  );
  log(`  load average at start: ${loadAverage()}`);
  for (const method of REMOVAL_METHODS) {
    const r = await timeRemoval(method, images);
    log(
      `  ${r.name}: ${r.files.toLocaleString('en')} files in ${r.seconds.toFixed(2)} s, ${r.filesPerSecond.toFixed(0)} files/s`,
    );
  }
  log(`  load average at the end: ${loadAverage()}`);
}
