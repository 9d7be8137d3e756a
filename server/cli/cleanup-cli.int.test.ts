import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openForCommand } from '../runtime.ts';

// The operator's manual cleanup (PRODUCT.md §6) through the real `vellum` command on an embedded
// data dir. VELLUM_FAKE_TIME moves "now" so that some deleted patients are expired and some not.
const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));
const embeddedOnly = process.env.DATABASE_URL ? describe.skip : describe;

let dataDir: string;
const physician = randomUUID();
const ids = { p1: randomUUID(), p2: randomUUID(), p3: randomUUID(), p4: randomUUID(), p5: randomUUID() };

function vellum(now: string, ...args: string[]) {
  const env = { ...process.env, VELLUM_DATA_DIR: dataDir, DATABASE_URL: '', VELLUM_FAKE_TIME: now };
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

async function sql(text: string, params: unknown[] = []) {
  const opened = await openForCommand(loadConfig({ VELLUM_DATA_DIR: dataDir }));
  try {
    return await opened.database.raw(text, params);
  } finally {
    await opened.close();
  }
}

embeddedOnly('vellum cleanup and vellum deleted', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vcleanup-'));
    const account = randomUUID();
    await sql(`insert into accounts (id, name, created_at) values ($1, 'CLI Clinic', '2019-01-01')`, [
      account,
    ]);
    const patient = (id: string, uniqueId: string, deletedAt: string | null, createdBy: string | null) =>
      sql(
        `insert into patients (id, account_id, unique_id, last_modified_at, created_at, created_by, deleted_at, deletion_kind, deletion_reason, deletion_note)
         values ($1, $2, $3, '2019-01-01', '2019-01-01', $4, $5::timestamptz, case when $5::text is null then null else 'individual' end,
           case when $5::text is null then null else 'duplicate' end, case when $3 = 'old-1' then 'same as new-2' end)`,
        [id, account, uniqueId, createdBy, deletedAt],
      );
    await patient(ids.p1, 'old-1', '2020-01-01T00:00:00Z', null);
    await patient(ids.p2, 'new-2', '2026-01-01T00:00:00Z', null);
    await patient(ids.p3, 'doc-3', '2026-02-01T00:00:00Z', physician);
    await patient(ids.p4, 'doc-4', '2026-03-01T00:00:00Z', physician);
    await patient(ids.p5, 'doc-5', null, physician);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists deleted patients with their expiry, soonest first', () => {
    const r = vellum('2031-01-01T00:00:00Z', 'deleted', 'list');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[2])).toEqual(['old-1', 'new-2', 'doc-3', 'doc-4']);
    expect(lines[0]).toMatch(/^2030-01-01T00:00:00Z/);
    expect(lines[0]).toMatch(/reason duplicate \("same as new-2"\)/);
    expect(lines[1]).toMatch(/reason duplicate$/);
  });

  it('counts what expires within a period', () => {
    const r = vellum('2035-12-15T00:00:00Z', 'deleted', 'count', '--expiring-within', '30d');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Expiring within 30 days: 2 patients/);
    expect(vellum('2035-12-15T00:00:00Z', 'deleted', 'count', '--expiring-within', 'soon').code).toBe(1);
  });

  it('refuses to remove without a terminal or --yes, and a dry run removes nothing', () => {
    const refused = vellum('2031-01-01T00:00:00Z', 'cleanup');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);
    const dry = vellum('2031-01-01T00:00:00Z', 'cleanup', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Expired: 1 patients/);
    expect(vellum('2031-01-01T00:00:00Z', 'deleted', 'list').stdout).toMatch(/old-1/);
  });

  it('removes the expired patient only, and a second run removes nothing', () => {
    const r = vellum('2031-01-01T00:00:00Z', 'cleanup', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Removed 1 patients, 0 entries, 0 images, 0 users/);
    expect(vellum('2031-01-01T00:00:00Z', 'cleanup', '--yes').stdout).toMatch(/Removed 0 patients/);
    expect(vellum('2031-01-01T00:00:00Z', 'deleted', 'list').stdout).not.toMatch(/old-1/);
  });

  it('purges one deleted patient, or all of one physician, before their expiry', async () => {
    const now = '2026-06-01T00:00:00Z';
    expect(vellum(now, 'deleted', 'purge', '--patient', ids.p2).code).toBe(1);
    expect(vellum(now, 'deleted', 'purge', '--patient', ids.p5, '--yes').stderr).toMatch(/not_deleted/);
    const dry = vellum(now, 'deleted', 'purge', '--physician', physician, '--dry-run');
    expect(dry.stdout).toMatch(/2 deleted patients to remove/);
    expect(vellum(now, 'deleted', 'purge', '--patient', ids.p2, '--yes').stdout).toMatch(
      /Removed 1 patients/,
    );
    const all = vellum(now, 'deleted', 'purge', '--physician', physician, '--yes');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/Removed 2 patients/);
    const left = await sql('select unique_id from patients order by unique_id');
    expect(left).toEqual([{ unique_id: 'doc-5' }]);
    const audit = await sql(`select count(*)::int as n from audit_events where action = 'patients.purge'`);
    expect(audit).toEqual([{ n: 2 }]);
  });
});
