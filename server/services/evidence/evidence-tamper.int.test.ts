import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, GENESIS_HASH, linkHash } from '../../domain/audit-chain.ts';
import { expectError } from '../../testing/expect-error.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { eventContent } from '../audit.ts';
import type { EvidenceReport } from './check-evidence.ts';
import { checkpointFile } from './checkpoint-log.ts';
import { writeCheckpoint } from './write-checkpoint.ts';

// An insider with the database (its local socket) but not the audit key nor the signing key: each
// tampering is done with SQL on the table, and GET /api/admin/audit/verify must name it. Every test
// puts the chain back as it was, and the untouched chain verifies again.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  root = await createSuperAdmin(t);
  for (const uniqueId of ['e-1', 'e-2', 'e-3', 'e-4']) await createPatient(t, clinic.clinician, { uniqueId });
  await writeCheckpoint({ db: t.database.db, clock: t.clock }, t.evidence);
});
afterAll(() => t?.close());

async function verify(): Promise<EvidenceReport> {
  const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: root.headers });
  expect(res.statusCode).toBe(200);
  return res.json() as EvidenceReport;
}
type Row = Record<string, unknown>;
const rowsFrom = (seq: number): Promise<Row[]> =>
  t.database.raw('select * from audit_events where seq >= $1 order by seq', [seq]);
const lastSeq = async () => Number((await t.database.raw('select max(seq) as n from audit_events'))[0]?.n);
/** Puts saved rows back exactly as they were (deleted or changed ones). */
async function putBack(rows: Row[]) {
  const seqs = rows.map((r) => Number(r.seq));
  await t.database.raw('delete from audit_events where seq = any($1::bigint[])', [seqs]);
  await t.database.raw(
    'insert into audit_events select * from json_populate_recordset(null::audit_events, $1::json)',
    [JSON.stringify(rows)],
  );
}
async function patientCreateSeq(uniqueId: string) {
  const [row] = await t.database.raw(
    "select seq from audit_events where action = 'patient.create' and details->>'uniqueId' = $1",
    [uniqueId],
  );
  return Number(row?.seq);
}

describe('audit evidence check', () => {
  it('passes the untouched chain, says what it checked and the last good checkpoint', async () => {
    const report = await verify();
    expect(report).toMatchObject({
      intact: true,
      firstProblem: null,
      checked: { keyedFrom: 1, unkeyedEvents: 0, checkpoints: 1, checkpointSources: ['file'] },
    });
    expect(report.events).toBe(await lastSeq());
    expect(report.lastGoodCheckpoint?.seq).toBe(await lastSeq());
  });

  it('is for the super admin only', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/audit/verify',
      headers: clinic.admin.headers,
    });
    expectError(res, 403, 'forbidden');
  });

  it('names a live event "redacted" through SQL, content hash kept', async () => {
    const seq = await patientCreateSeq('e-2');
    const saved = await t.database.raw('select * from audit_events where seq = $1', [seq]);
    await t.database.raw(
      `update audit_events set redacted_at = at, details = null, actor_email = null, ip = null,
        target_id = null, patient_id = null, actor_id = null where seq = $1`,
      [seq],
    );
    expect(await verify()).toMatchObject({ intact: false, firstProblem: { seq, kind: 'redaction' } });
    // A seal copied from another event does not fit this one either.
    await t.database.raw(
      'update audit_events set redaction_seal = (select hash from audit_events where seq = 1) where seq = $1',
      [seq],
    );
    expect(await verify()).toMatchObject({ intact: false, firstProblem: { seq, kind: 'redaction' } });
    await putBack(saved);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('names the cut tail: the newest events deleted after a checkpoint', async () => {
    const last = await lastSeq();
    const saved = await rowsFrom(last - 1);
    await t.database.raw('delete from audit_events where seq >= $1', [last - 1]);
    const report = await verify();
    expect(report).toMatchObject({ intact: false, firstProblem: { seq: last - 1, kind: 'tail_missing' } });
    expect(report.lastGoodCheckpoint).toBeNull();
    await putBack(saved);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('names a chain recomputed with plain SHA-256 after changing an actor', async () => {
    const seq = await patientCreateSeq('e-3');
    const saved = await rowsFrom(seq);
    let prev = String(saved[0]?.prev_hash ?? GENESIS_HASH);
    for (const [i, raw] of saved.entries()) {
      const row = toEvent(raw);
      if (i === 0) row.actorEmail = 'someone-else@skin-clinic.test';
      const c = contentHash(eventContent(row));
      const hash = linkHash(prev, c);
      await t.database.raw(
        'update audit_events set actor_email = $1, content_hash = $2, prev_hash = $3, hash = $4 where seq = $5',
        [row.actorEmail, c, prev, hash, raw.seq],
      );
      prev = hash;
    }
    expect(await verify()).toMatchObject({ intact: false, firstProblem: { seq, kind: 'link' } });
    // Claiming that the key came later, so that these links pass as old ones, is seen too.
    await t.database.raw('update settings set audit_keyed_from = $1', [(await lastSeq()) + 1]);
    expect(await verify()).toMatchObject({
      intact: false,
      firstProblem: { seq: 1, kind: 'keyed_from_moved' },
    });
    await t.database.raw('update settings set audit_keyed_from = 1');
    await putBack(saved);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('names an edited checkpoint, and one that the chain no longer reaches', async () => {
    const file = checkpointFile(t.config.dataDir);
    const original = readFileSync(file, 'utf8');
    const line = JSON.parse(original.trim().split('\n')[0] ?? '{}');
    writeFileSync(file, `${JSON.stringify({ ...line, seq: line.seq + 5 })}\n`);
    expect(await verify()).toMatchObject({
      intact: false,
      firstProblem: { seq: line.seq + 5, kind: 'checkpoint_forged' },
    });
    writeFileSync(file, `${original}not a checkpoint\n`);
    expect(await verify()).toMatchObject({
      intact: false,
      firstProblem: { seq: null, kind: 'checkpoint_unreadable' },
    });
    writeFileSync(file, original);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('names an event deleted in the middle as a gap', async () => {
    const seq = await patientCreateSeq('e-2');
    const saved = await t.database.raw('select * from audit_events where seq = $1', [seq]);
    await t.database.raw('delete from audit_events where seq = $1', [seq]);
    expect(await verify()).toMatchObject({ intact: false, firstProblem: { seq: seq + 1, kind: 'gap' } });
    await putBack(saved);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('accepts the redactions the server makes: a patient deleted under the Standard policy', async () => {
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'e-gone' });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/patients/${patient.id}`,
      headers: clinic.admin.headers,
      payload: { reason: 'duplicate', confirmation: 'delete e-gone' },
    });
    expect(del.statusCode).toBe(200);
    await writeCheckpoint({ db: t.database.db, clock: t.clock }, t.evidence);
    const report = await verify();
    expect(report).toMatchObject({ intact: true, firstProblem: null });
    expect(report.checked.redactedEvents).toBeGreaterThan(0);
    expect(report.lastGoodCheckpoint?.seq).toBe(await lastSeq());
  });
});

/** A row as the raw driver returns it, in the shape eventContent() reads. */
function toEvent(r: Row) {
  return {
    id: String(r.id),
    at: new Date(r.at as string),
    accountId: (r.account_id as string | null) ?? null,
    actorId: (r.actor_id as string | null) ?? null,
    actorEmail: (r.actor_email as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
    action: String(r.action),
    level: String(r.level),
    targetType: (r.target_type as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null,
    patientId: (r.patient_id as string | null) ?? null,
    details: r.details ?? null,
  };
}
