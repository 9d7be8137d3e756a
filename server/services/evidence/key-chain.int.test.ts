import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, linkHash } from '../../domain/audit-chain.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import type { EvidenceReport } from './check-evidence.ts';
import { keyTheChain } from './key-chain.ts';
import { writeCheckpoint } from './write-checkpoint.ts';

// A deployment from before the audit key: its chain is plain SHA-256, its redactions unsealed. The
// first start with a key keeps those links, seals the redactions and keys every event after them.

let t: TestApp;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  const clinic = await seedAccount(t, 'Old Clinic');
  root = await createSuperAdmin(t);
  for (const uniqueId of ['o-1', 'o-2']) await createPatient(t, clinic.clinician, { uniqueId });
  await makeItOld();
});
afterAll(() => t?.close());

/** Rewrites the chain as the server wrote it before the key: plain links, an unsealed redaction. */
async function makeItOld() {
  const rows = await t.database.raw('select * from audit_events order by seq');
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const hash = linkHash(prev, String(r.content_hash));
    await t.database.raw('update audit_events set prev_hash = $1, hash = $2 where seq = $3', [
      prev,
      hash,
      r.seq,
    ]);
    prev = hash;
  }
  await t.database.raw(
    `update audit_events set redacted_at = at, details = null, actor_email = null, ip = null,
      target_id = null, patient_id = null, actor_id = null
    where seq = (select min(seq) from audit_events where action = 'patient.create')`,
  );
  await t.database.raw('update settings set audit_keyed_from = null');
}

const verify = async () =>
  (
    await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: root.headers })
  ).json() as EvidenceReport;

describe('keying an existing chain', () => {
  it('reports an unkeyed chain as such', async () => {
    expect(await verify()).toMatchObject({ intact: false, firstProblem: { kind: 'unkeyed' } });
  });

  it('keeps the old links, seals the old redactions, and keys what follows', async () => {
    const [last] = await t.database.raw('select max(seq) as n from audit_events');
    const old = Number(last?.n);
    expect(await keyTheChain(t.database.db, t.clock)).toBe(old + 1);
    expect(await keyTheChain(t.database.db, t.clock)).toBe(old + 1);
    const [keyed] = await t.database.raw(
      "select seq, details from audit_events where action = 'audit.chain_keyed'",
    );
    expect(Number(keyed?.seq)).toBe(old + 1);
    expect(keyed?.details).toEqual({ keyedFrom: old + 1 });
    await createPatient(t, (await seedAccount(t, 'New Clinic')).clinician, { uniqueId: 'n-1' });
    await writeCheckpoint({ db: t.database.db, clock: t.clock }, t.evidence);
    const report = await verify();
    expect(report).toMatchObject({
      intact: true,
      checked: { keyedFrom: old + 1, unkeyedEvents: old, redactedEvents: 1, checkpoints: 1 },
    });
  });

  it('still finds an edit among the old links', async () => {
    const [row] = await t.database.raw(
      "select * from audit_events where action = 'patient.create' and redacted_at is null order by seq limit 1",
    );
    // Without recomputing the links: the content hash no longer fits.
    await t.database.raw("update audit_events set actor_email = 'forged@old-clinic.test' where seq = $1", [
      row?.seq,
    ]);
    expect(await verify()).toMatchObject({
      intact: false,
      firstProblem: { seq: Number(row?.seq), kind: 'content' },
    });
    await t.database.raw('update audit_events set actor_email = $1 where seq = $2', [
      row?.actor_email,
      row?.seq,
    ]);
    expect(await verify()).toMatchObject({ intact: true });
  });
});
