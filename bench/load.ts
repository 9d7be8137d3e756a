import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import sharp from 'sharp';
import { systemClock } from '../server/clock.ts';
import { insertUser } from '../server/services/users.ts';
import { serveProcess, stopProcess } from '../server/testing/processes.ts';
import { BENCH_KEYS, createBenchDatabase, openPrepared } from './database.ts';
import { seed } from './seed.ts';

/**
 * Load benchmark (`npm run bench:load`): the real server process with a seeded account, driven by
 * autocannon with a clinic's mix (sign-in, patient list and search, patient read, entry edit,
 * thumbnails), each route alone, sign-in alone. On PostgreSQL (DATABASE_URL) then two baselines:
 * a bare Fastify route and a one-query read (token check, primary-key select through
 * node-postgres); every Vellum route is reported as a share of the one-query read's req/s, with its
 * p50, p99 and the server's peak RSS. Without DATABASE_URL: the embedded database, at 16
 * connections. Flags (or environment): --duration (LOAD_DURATION, seconds, 60), --route-duration
 * (LOAD_ROUTE_DURATION, each route alone, the duration), --connections (LOAD_CONNECTIONS, 200; 16
 * embedded), --patients (LOAD_PATIENTS, 20,000).
 */

const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const setting = (name: string, envName: string, fallback: number) =>
  Number(flag(name) || process.env[envName] || fallback);
const embedded = !process.env.DATABASE_URL;
const duration = setting('duration', 'LOAD_DURATION', 60);
const connections = setting('connections', 'LOAD_CONNECTIONS', embedded ? 16 : 200);
const patients = setting('patients', 'LOAD_PATIENTS', 20_000);
const routeDuration = setting('route-duration', 'LOAD_ROUTE_DURATION', duration);
const PASSWORD = 'Bench-Password-42!';

/** Peak resident set size of a process, sampled from /proc while the run lasts. */
function watchRss(child: ChildProcess) {
  let peak = 0;
  const sample = () => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      peak = Math.max(peak, Number(kb ?? 0) * 1024);
    } catch {
      // Not Linux, or the process is gone.
    }
  };
  const timer = setInterval(sample, 500);
  sample();
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** Waits until the server has worked off what the last run left queued, so runs do not overlap. */
async function drain(base: string) {
  await fetch(`${base}/readyz`);
  await new Promise((r) => setTimeout(r, 2000));
}

interface Measured {
  name: string;
  result: Result;
  rss: number;
}
const measured: Measured[] = [];

function report(name: string, r: Result, rss: number) {
  const errors = r.errors + r.timeouts + r.non2xx;
  measured.push({ name, result: r, rss });
  console.log(
    `${name.padEnd(14)} ${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  ` +
      `p99 ${String(r.latency.p99).padStart(5)} ms  errors ${errors}  rss ${(rss / 2 ** 20).toFixed(0)} MB  ` +
      `(${r.requests.total} requests; status ${JSON.stringify(r.statusCodeStats)})`,
  );
  return errors;
}

/** The run as one markdown table, each row's req/s as a share of the one-query baseline's. */
function table(baseline: number | undefined) {
  console.log('\n| route | req/s | share of one-query | p50 | p99 | errors | server RSS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { name, result: r, rss } of measured) {
    const share = baseline ? `${((100 * r.requests.average) / baseline).toFixed(0)} %` : '—';
    const errors = r.errors + r.timeouts + r.non2xx;
    console.log(
      `| ${name.trim()} | ${r.requests.average.toFixed(0)} | ${share} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${errors} | ${(rss / 2 ** 20).toFixed(0)} MB |`,
    );
  }
}

async function main() {
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vellum-load-'));
  let server: Awaited<ReturnType<typeof serveProcess>> | undefined;
  let bare: ChildProcess | undefined;
  try {
    const database = await openPrepared(bench);
    console.log(`seeding ${patients} patients…`);
    const seeded = await seed(database, patients, { analyze: true });
    await insertUser(
      database.db,
      { clock: systemClock },
      {
        email: 'signin@bench.test',
        password: PASSWORD,
        role: 'clinician',
        accountId: seeded.accountId,
      },
    );
    const ids = (
      await database.raw('select id from patients where deleted_at is null order by id limit 50')
    ).map((r) => String(r.id));
    await database.close();

    // Built first, as `npm start` runs it (running the sources through tsx costs about 80 MB).
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: 'inherit',
    });
    server = await serveProcess({
      ...process.env,
      DATABASE_URL: embedded ? '' : bench.location,
      VELLUM_DATA_DIR: embedded ? bench.location : dataDir,
      VELLUM_AUDIT_KEY: BENCH_KEYS.evidence.auditKey,
      // Sign-ins all come from this one address: lift the per-address limit for the run.
      VELLUM_LOGIN_RATE_LIMIT: '100000',
      LOG_LEVEL: 'error',
    });
    const base = server.url;
    const auth = { authorization: `Bearer ${seeded.token}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const post = async (p: string, body: unknown) => {
      const res = await fetch(base + p, { method: 'POST', headers: json, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const entries = [];
    for (const id of ids.slice(0, 10)) {
      entries.push(
        (await post(`/api/patients/${id}/entries`, { appointmentAt: '2025-12-01T10:00:00.000Z' })).id,
      );
    }
    const form = new FormData();
    for (let i = 0; i < 5; i++) {
      const jpeg = await sharp({
        create: { width: 1200, height: 900, channels: 3, background: { r: 40 * i, g: 120, b: 90 } },
      })
        .jpeg()
        .toBuffer();
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `photo-${i}.jpg`);
    }
    const up = await fetch(`${base}/api/patients/${ids[0]}/images`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    const images = ((await up.json()) as { created: { id: string }[] }).created.map((i) => i.id);
    if (images.length !== 5) throw new Error('the images were not stored');

    // One cycle of 100 requests, each connection going round it: what a busy clinic asks for. The
    // sign-in comes last: Argon2 is slow on purpose, and 200 at once would measure only that.
    const signIn = {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'signin@bench.test', password: PASSWORD }),
    };
    const requests = [];
    const searches = ['smi', 'tay', 'em', 'p01', 'jon'];
    for (let i = 0; i < 99; i++) {
      const at = (list: string[]) => list[i % list.length] as string;
      if (i % 5 === 1)
        requests.push({ path: `/api/patients?pageSize=25&page=${1 + (i % 20)}`, headers: auth });
      else if (i % 5 === 2) requests.push({ path: `/api/patients?q=${at(searches)}`, headers: auth });
      else if (i % 5 === 3) requests.push({ path: `/api/patients/${at(ids)}`, headers: auth });
      else if (i % 10 === 4) {
        requests.push({
          method: 'PATCH',
          path: `/api/entries/${at(entries)}`,
          headers: json,
          body: JSON.stringify({ notes: `Load test note ${i}` }),
        });
      } else requests.push({ path: `/api/images/${at(images)}/file?size=thumbnail`, headers: auth });
    }
    requests.push(signIn);

    console.log(
      `${embedded ? 'embedded database' : 'PostgreSQL'}: ${connections} connections, ${duration} s each`,
    );
    let errors = 0;
    const stopVellum = watchRss(server.child);
    const vellum = await autocannon({ url: base, connections, duration, timeout: 30, requests });
    errors += report('vellum mix', vellum, stopVellum());
    await drain(base);
    // Each kind of request alone, briefly, to see which one costs what.
    const kinds: [string, (typeof requests)[number]][] = [
      ['list', requests[1] as (typeof requests)[number]],
      ['search', requests[2] as (typeof requests)[number]],
      ['read', requests[3] as (typeof requests)[number]],
      ['edit entry', requests[4] as (typeof requests)[number]],
      ['thumbnail', requests[5] as (typeof requests)[number]],
    ];
    for (const [name, request] of kinds) {
      // A read goes round the 50 patients, as the baseline's does.
      const rotate =
        name === 'read' ? ids.map((id) => ({ ...request, path: `/api/patients/${id}` })) : [request];
      const stopAlone = watchRss(server.child);
      const alone = await autocannon({
        url: base,
        connections,
        duration: routeDuration,
        timeout: 30,
        requests: rotate,
      });
      errors += report(`  ${name}`, alone, stopAlone());
      await drain(base);
    }
    // Sign-in alone, by a few clients: how many Argon2 checks a second the server affords.
    const stopSignIn = watchRss(server.child);
    const signIns = await autocannon({
      url: base,
      connections: 10,
      duration: Math.ceil(duration / 3),
      requests: [signIn],
    });
    errors += report('sign-in only', signIns, stopSignIn());
    if (embedded) {
      table(undefined);
      if (errors > 0) process.exitCode = 1;
      return;
    }

    const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
    bare = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: bench.location },
    });
    const bareUrl = await new Promise<string>((resolve) =>
      bare?.stdout?.on('data', (d: Buffer) => {
        const m = /listening on (\S+)/.exec(String(d));
        if (m?.[1]) resolve(m[1]);
      }),
    );
    const stopBare = watchRss(bare);
    const plain = await autocannon({ url: `${bareUrl}/bare`, connections, duration, timeout: 30 });
    errors += report('bare fastify', plain, stopBare());
    const stopRead = watchRss(bare);
    const oneQuery = await autocannon({
      url: bareUrl,
      connections,
      duration,
      timeout: 30,
      requests: ids.map((id) => ({
        path: `/patients/${id}`,
        headers: { authorization: 'Bearer bench-baseline-token' },
      })),
    });
    errors += report('one-query', oneQuery, stopRead());
    table(oneQuery.requests.average);
    if (errors > 0) process.exitCode = 1;
  } finally {
    if (bare) await stopProcess(bare);
    if (server) await stopProcess(server.child);
    await bench.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
