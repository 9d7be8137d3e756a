import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §7: the audit trail is tamper-evident. Each event is chained to the one before;
// GET /api/audit/verify walks the chain and names the first broken link. Tampering is done here
// with SQL straight on the table, as an attacker with database access would.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  root = await createSuperAdmin(t);
  for (const uniqueId of ['v-1', 'v-2', 'v-3']) await createPatient(t, clinic.clinician, { uniqueId });
});
afterAll(() => t?.close());

async function verify() {
  const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: root.headers });
  expect(res.statusCode).toBe(200);
  return res.json() as { intact: boolean; events: number; firstBrokenAt?: number };
}
async function seqs(): Promise<number[]> {
  const rows = await t.database.raw('select seq from audit_events order by seq');
  return rows.map((r) => Number(r.seq));
}
/** The seq of a patient.create event in the middle of the chain. */
async function middleSeq(): Promise<number> {
  const rows = await t.database.raw(
    "select seq from audit_events where action = 'patient.create' and details->>'uniqueId' = 'v-2'",
  );
  const seq = Number(rows[0]?.seq);
  const all = await seqs();
  expect(seq).toBeGreaterThan(all[0] ?? Number.POSITIVE_INFINITY);
  expect(seq).toBeLessThan(all[all.length - 1] ?? 0);
  return seq;
}

describe('audit chain check', () => {
  it('says the untouched chain is intact and counts every event', async () => {
    const result = await verify();
    expect(result).toEqual({ intact: true, events: (await seqs()).length });
    expect(result.events).toBeGreaterThan(5);
  });

  it.each(['admin', 'clinician', 'assistant'] as const)(
    'is for the super admin only (403 for a %s)',
    async (role) => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/audit/verify',
        headers: clinic[role].headers,
      });
      expectError(res, 403, 'forbidden');
    },
  );

  it("finds an edited event's details and names its seq", async () => {
    const seq = await middleSeq();
    const [row] = await t.database.raw('select details from audit_events where seq = $1', [seq]);
    await t.database.raw(`update audit_events set details = '{"uniqueId":"forged"}' where seq = $1`, [seq]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenAt: seq });
    // Putting the original content back mends the chain: the check looks at content, not at writes.
    await t.database.raw('update audit_events set details = $1 where seq = $2', [
      JSON.stringify(row?.details),
      seq,
    ]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds an edited actor or action', async () => {
    const seq = await middleSeq();
    await t.database.raw("update audit_events set action = 'patient.view' where seq = $1", [seq]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenAt: seq });
    await t.database.raw("update audit_events set action = 'patient.create' where seq = $1", [seq]);
    await t.database.raw('update audit_events set actor_id = null where seq = $1', [seq]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenAt: seq });
    await t.database.raw('update audit_events set actor_id = $1 where seq = $2', [clinic.clinician.id, seq]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds a recomputed content hash, because the link hash no longer matches', async () => {
    const seq = await middleSeq();
    const [row] = await t.database.raw('select content_hash from audit_events where seq = $1', [seq]);
    await t.database.raw(`update audit_events set content_hash = repeat('a', 64) where seq = $1`, [seq]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenAt: seq });
    await t.database.raw('update audit_events set content_hash = $1 where seq = $2', [
      row?.content_hash,
      seq,
    ]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds a deleted event in the middle: the next event is the first broken link', async () => {
    const seq = await middleSeq();
    const next = (await seqs()).find((s) => s > seq);
    await t.database.raw('delete from audit_events where seq = $1', [seq]);
    const result = await verify();
    expect(result).toMatchObject({ intact: false, firstBrokenAt: next });
  });
});
