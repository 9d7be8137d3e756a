import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, multipart } from '../testing/fixtures.ts';
import { freshPostgres } from '../testing/harness.ts';
import { BIN, type ServerProcess, serveProcess, stopProcess } from '../testing/processes.ts';

// Crash injection, first version: a real server is killed (SIGKILL) at a random moment while
// uploads, deletions and restores are under way, restarted, and the invariants checked: every
// image row has its three files, the audit chain verifies; files without a row are counted.
// CRASH_KILLS sets the number of kills (10 here; `npm run test:soak` runs 50). PostgreSQL only:
// whether the embedded database survives a kill of its process is another question.

const url = process.env.DATABASE_URL;
const KILLS = Number(process.env.CRASH_KILLS || 10);
const PASSWORD = 'Crash-Password-42!';

let env: NodeJS.ProcessEnv;
let drop: () => Promise<void>;
let dataDir: string;
let token: string;
let rootToken: string;
let db: pg.Client;
let orphanCount = 0;

const vellum = (...args: string[]) => {
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error(`vellum ${args.join(' ')}: ${res.stderr}`);
  return res.stdout.trim().split('\n').at(-1) ?? '';
};

beforeAll(async () => {
  if (!url) return;
  const fresh = await freshPostgres(url);
  drop = fresh.drop;
  dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-crash-'));
  env = { ...process.env, DATABASE_URL: fresh.url, VELLUM_DATA_DIR: dataDir, LOG_LEVEL: 'fatal' };
  vellum('migrate');
  vellum(
    'users',
    'create',
    '--email',
    'doc@crash.test',
    '--password',
    PASSWORD,
    '--role',
    'clinician',
    '--account',
    'Crash Clinic',
  );
  vellum('users', 'create', '--email', 'root@crash.test', '--password', PASSWORD, '--role', 'super-admin');
  token = vellum('tokens', 'create', '--email', 'doc@crash.test', '--name', 'crash');
  rootToken = vellum('tokens', 'create', '--email', 'root@crash.test', '--name', 'crash');
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await drop?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Requests that may be cut off by the kill: their outcome is not asserted, only the state after. */
async function workload(base: string, patientId: string, jpeg: Buffer) {
  const headers = { authorization: `Bearer ${token}` };
  const call = (method: string, p: string, body?: { payload: Buffer; headers: Record<string, string> }) =>
    fetch(base + p, { method, headers: { ...headers, ...body?.headers }, body: body?.payload }).then(
      async (r) => (r.ok ? ((await r.json()) as Record<string, unknown>) : undefined),
      () => undefined,
    );
  const files = Array.from({ length: 3 }, (_, i) => ({ filename: `p${i}.jpg`, data: jpeg }));
  const uploads = Array.from({ length: 3 }, () =>
    call('POST', `/api/patients/${patientId}/images`, multipart(files)),
  );
  const listed = await call('GET', `/api/patients/${patientId}/images`);
  const ids = ((listed?.items as { id: string }[] | undefined) ?? []).map((i) => i.id).slice(0, 4);
  const changes = ids.map(async (id, i) => {
    await call('DELETE', `/api/images/${id}`);
    if (i % 2 === 0) await call('POST', `/api/images/${id}/restore`);
  });
  await Promise.all([...uploads, ...changes]);
}

async function checkInvariants(base: string) {
  const rows = await db.query('select original_key, preview_key, thumbnail_key from images');
  const keys = new Set(
    rows.rows.flatMap((r) => [r.original_key, r.preview_key, r.thumbnail_key] as string[]),
  );
  const signatures = await db.query('select signature_key from consents where signature_key is not null');
  for (const r of signatures.rows) keys.add(r.signature_key as string);
  const filesDir = path.join(dataDir, 'files');
  // No files directory yet when the first kill came before any upload finished writing.
  const entries = existsSync(filesDir) ? readdirSync(filesDir, { recursive: true, withFileTypes: true }) : [];
  const onDisk = entries
    .filter((d) => d.isFile())
    .map((d) => path.relative(filesDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  const missing = [...keys].filter((k) => !onDisk.includes(k));
  const orphans = onDisk.filter((f) => !keys.has(f));
  expect(missing, 'rows without their files').toEqual([]);
  // Known gap (docs/SECURITY.md): a kill after an upload's files are written and before its row
  // commits leaves those files behind, and nothing sweeps them yet. Counted; strict on request.
  orphanCount += orphans.length;
  if (process.env.CRASH_STRICT_ORPHANS) expect(orphans, 'files without a row').toEqual([]);
  const verify = await fetch(`${base}/api/audit/verify`, {
    headers: { authorization: `Bearer ${rootToken}` },
  });
  const result = (await verify.json()) as { intact: boolean };
  expect(verify.status).toBe(200);
  expect(result.intact, JSON.stringify(result)).toBe(true);
}

describe.skipIf(!url)('crash injection', () => {
  it(`keeps files, rows and the audit chain consistent over ${KILLS} kills`, async () => {
    const jpeg = await makeJpeg(200, 150);
    let server: ServerProcess = await serveProcess(env);
    const created = await fetch(`${server.url}/api/patients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uniqueId: 'crash-1' }),
    });
    const patientId = ((await created.json()) as { id: string }).id;
    for (let k = 0; k < KILLS; k++) {
      const work = workload(server.url, patientId, jpeg);
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 600)));
      await stopProcess(server.child, 'SIGKILL');
      await work;
      server = await serveProcess(env);
      await checkInvariants(server.url);
    }
    await stopProcess(server.child);
    if (orphanCount > 0) console.warn(`crash injection: ${orphanCount} stored files without a row`);
    // The kills did land among real work.
    const { rows } = await db.query('select count(*)::int as n from images');
    expect(rows[0]?.n).toBeGreaterThan(0);
  }, 600_000);
});
