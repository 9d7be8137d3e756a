import { createBenchDatabase } from './database.ts';
import { imageIngest } from './image-ingest.ts';
import { liveEdit } from './live-edit.ts';
import { ms } from './stats.ts';

const log = (line = '') => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const positive = (v: string | undefined, fallback: number) => {
  const n = v ? Number(v) : fallback;
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** `--scenario image-ingest`: BENCH_IMAGES 12-megapixel JPEGs (default 8), 3 rounds. */
export async function imageIngestScenario() {
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const files = positive(process.env.BENCH_IMAGES, 8);
    log(
      `image ingest: ${files} camera-like 12-megapixel JPEGs, ${bench.kind} database, 3 rounds after a warm-up`,
    );
    const r = await imageIngest(bench, files, 3);
    log(`  average file ${(r.averageBytes / 1024 / 1024).toFixed(1)} MB`);
    log(
      `  Vellum upload path: ${r.vellumPerSecond.toFixed(2)} images/s; bare sharp (thumbnail + preview): ${r.sharpPerSecond.toFixed(2)} images/s`,
    );
    log(`  ${verdict(r.ratio >= 0.75)}  at least 75% of bare sharp: ${(r.ratio * 100).toFixed(0)}%`);
  } finally {
    await bench.drop();
  }
}

/** `--scenario live-edit`: BENCH_CLIENTS sockets (default 200) on one entry, BENCH_PATCHES edits (default 200). */
export async function liveEditScenario() {
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const clients = positive(process.env.BENCH_CLIENTS, 200);
    const patches = positive(process.env.BENCH_PATCHES, 200);
    log(`live editing: ${clients} clients on one entry, ${patches} edits, ${bench.kind} database`);
    const r = await liveEdit(bench, clients, patches);
    log(
      `  ack round trip p50 ${ms(r.ack.p50)} ms, p95 ${ms(r.ack.p95)} ms; fan-out to another client p50 ${ms(r.fanout.p50)} ms, p95 ${ms(r.fanout.p95)} ms`,
    );
    log(`  ${verdict(r.ack.p95 <= 15)}  ack p95 <= 15 ms`);
    log(`  ${verdict(r.fanout.p95 <= 30)}  fan-out p95 <= 30 ms`);
  } finally {
    await bench.drop();
  }
}
