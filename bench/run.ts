import os from 'node:os';
import { parseArgs } from 'node:util';
import { auditAppendScenario } from './audit-append.ts';
import { backupScenario } from './backup.ts';
import { imageIngestScenario, liveEditScenario } from './clinical.ts';
import { createBenchDatabase, openPrepared } from './database.ts';
import { cleanupScenario, fileRemovalScenario, retentionChangeScenario } from './lifecycle-scenarios.ts';
import {
  type CaseResult,
  explainCase,
  limitFor,
  measureCase,
  patientCases,
  queryTargets,
} from './patient-database.ts';
import { measureServerRss, type RssResult } from './rss.ts';
import { seed } from './seed.ts';
import { markdownTable, mb, ms, table } from './stats.ts';

/**
 * `npm run bench [-- options]`, each option also an environment variable:
 *   --patients N     (BENCH_PATIENTS)   default 100,000 embedded, 1,000,000 with DATABASE_URL
 *   --iterations K   (BENCH_ITERATIONS) timed runs per query, default 100 (after K/10 warm-up runs)
 *   --requests R     (BENCH_REQUESTS)   HTTP requests sent to the server for its RSS, default 2000
 *   --scenario name  (BENCH_SCENARIO)   patient-database, image-ingest, live-edit, cleanup,
 *                                      retention-change, backup, file-removal, audit-append, or all (default)
 *   --explain        EXPLAIN (ANALYZE, BUFFERS) of every query's page and total statements
 *   --markdown       the results table as Markdown
 *   --no-analyze     no ANALYZE while or after seeding (an embedded database nothing ever analysed)
 *   --wait-load L    (BENCH_WAIT_LOAD) before timing, wait up to 30 minutes for the 1-minute load
 *                    average to fall below L (on a shared machine)
 *
 * Runs on a private embedded database in a temporary directory, or, when DATABASE_URL is set, on a
 * fresh database vellum_bench_<random> on that server; either is removed at the end. Targets that
 * are missed are reported as MISS; the command fails only when the benchmark itself fails.
 */

/** Each scenario seeds what it needs, prints its figures and verdicts, and cleans up. */
const SCENARIOS: Record<string, () => Promise<void>> = {
  'patient-database': patientDatabase,
  'image-ingest': imageIngestScenario,
  'live-edit': liveEditScenario,
  cleanup: cleanupScenario,
  'file-removal': fileRemovalScenario,
  'retention-change': retentionChangeScenario,
  backup: backupScenario,
  'audit-append': auditAppendScenario,
};
const RSS_LIMIT = 300 * 1024 * 1024;

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: process.env.BENCH_PATIENTS },
    iterations: { type: 'string', default: process.env.BENCH_ITERATIONS ?? '100' },
    requests: { type: 'string', default: process.env.BENCH_REQUESTS ?? '2000' },
    scenario: { type: 'string', default: process.env.BENCH_SCENARIO ?? 'all' },
    explain: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    'no-analyze': { type: 'boolean', default: false },
    'wait-load': { type: 'string', default: process.env.BENCH_WAIT_LOAD },
  },
});

const databaseUrl = process.env.DATABASE_URL || undefined;
const positive = (name: string, v: string | undefined, fallback: number) => {
  const n = v === undefined || v === '' ? fallback : Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return n;
};
const patients = positive('patients', values.patients, databaseUrl ? 1_000_000 : 100_000);
const iterations = positive('iterations', values.iterations, 100);
const requests = positive('requests', values.requests, 2000);
const scenario = values.scenario ?? 'all';
if (scenario !== 'all' && !(scenario in SCENARIOS)) {
  throw new Error(`unknown scenario "${scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
/** Other work on the machine skews the figures: the 1, 5 and 15 minute load averages. */
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function waitForLoadBelow(limit: number) {
  const until = Date.now() + 30 * 60_000;
  while ((os.loadavg()[0] ?? 0) >= limit && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
  log(`load average before timing: ${loadAverage()} (waited for the 1-minute figure to fall below ${limit})`);
}

async function patientDatabase() {
  const bench = await createBenchDatabase(databaseUrl);
  try {
    const database = await openPrepared(bench);
    const [version] = await database.raw('select version() as v');
    log(`database: ${bench.kind} (${String(version?.v).split(' on ')[0]})`);
    log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${mb(os.totalmem())} RAM, Node ${process.version}`,
    );
    log(`load average at start: ${loadAverage()}`);
    log(`seeding ${patients.toLocaleString('en')} patients…`);
    const started = performance.now();
    const seeded = await seed(database, patients, {
      analyze: !values['no-analyze'],
      progress: (done) =>
        process.stderr.write(
          `  ${done.toLocaleString('en')} patients (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
        ),
    });
    log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const [counts] = await database.raw(
      `select (select count(*) from patients where deleted_at is null) as active,
              (select count(*) from patient_tags) as own, (select count(*) from patient_effective_tags) as effective`,
    );
    log(
      `  active patients ${counts?.active}, patient_tags ${counts?.own}, patient_effective_tags ${counts?.effective}`,
    );
    if (values['wait-load']) await waitForLoadBelow(Number(values['wait-load']));
    log(`timing ${iterations} iterations per query (service and raw interleaved, after warm-up)…`);
    const results: CaseResult[] = [];
    for (const c of patientCases(seeded)) {
      const r = await measureCase(database, seeded, c, iterations);
      results.push(r);
      process.stderr.write(`  ${r.name}: p95 ${ms(r.service.p95)} ms\n`);
      if (values.explain) log(`\n${r.name}\n${await explainCase(database, r)}\n`);
    }
    log(`load average after the queries: ${loadAverage()}`);
    await database.close();
    log(`starting the server and sending ${requests} list/search requests over HTTP…`);
    const rss = await measureServerRss(bench, seeded, requests);
    report(bench.kind, results, rss);
  } finally {
    await bench.drop();
  }
}

function report(kind: 'embedded' | 'postgres', results: CaseResult[], rss: RssResult) {
  const { size, targets } = queryTargets(kind);
  const header = ['query', 'total', 'p50 ms', 'p95 ms', 'raw p50', 'raw p95', 'ratio', 'target', 'verdict'];
  const rows = results.map((r) => {
    const limit = limitFor(targets, r);
    return [
      r.name,
      r.total,
      ms(r.service.p50),
      ms(r.service.p95),
      ms(r.raw.p50),
      ms(r.raw.p95),
      `${r.ratio.toFixed(2)}x`,
      `<= ${limit}`,
      verdict(r.service.p95 <= limit),
    ];
  });
  log();
  log(
    `patient database: ${patients.toLocaleString('en')} patients, ${kind}, p50/p95 over ${iterations} runs`,
  );
  log('(p50/p95: queryPatients, the service path with exact total and presented tags;');
  log(' raw: the same statements run directly with database.raw; ratio: p95 / raw p95)');
  log(values.markdown ? markdownTable(header, rows) : table(header, rows));
  log();
  log(`vellum serve (its own process, ${rss.requests} requests over HTTP, ${rss.concurrency} at a time):`);
  log(`  RSS ready ${mb(rss.readyRss)}, after ${mb(rss.rss)}, peak since start-up ${mb(rss.peakRss)}`);
  log(
    `  ${rss.requestsPerSecond.toFixed(0)} requests/s, latency p50 ${ms(rss.latency.p50)} ms, p95 ${ms(rss.latency.p95)} ms, ${rss.failures} failures`,
  );
  log();
  const scaleNote =
    patients === size
      ? ''
      : ` (defined at ${size.toLocaleString('en')} patients; this run: ${patients.toLocaleString('en')})`;
  log('targets:');
  for (const t of targets) {
    const concerned = results.filter(t.applies);
    const worst = concerned.reduce((a, b) => (b.service.p95 > a.service.p95 ? b : a));
    const misses = concerned.filter((r) => r.service.p95 > t.limitMs).map((r) => r.name);
    log(
      `  ${verdict(misses.length === 0)}  ${t.label}${scaleNote}: worst ${worst.name} ${ms(worst.service.p95)} ms${misses.length ? `; missed by ${misses.join(', ')}` : ''}`,
    );
  }
  log(`  ${verdict(rss.peakRss < RSS_LIMIT)}  server RSS under 300 MB: peak ${mb(rss.peakRss)}`);
}

async function main() {
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (scenario === 'all' || scenario === name) await run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
