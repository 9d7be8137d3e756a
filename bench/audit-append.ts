import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemClock } from '../server/clock.ts';
import type { Db } from '../server/db/client.ts';
import { textStatement } from '../server/db/text-statement.ts';
import { contentHash, GENESIS_HASH } from '../server/domain/audit-chain.ts';
import { AUDIT_CHAIN_LOCK, actorOf, eventContent, recordAudit } from '../server/services/audit.ts';
import { cliActor } from '../server/services/context.ts';
import { createBenchDatabase, openPrepared } from './database.ts';

const log = (line = '') => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * `--scenario audit-append`: appending an event as every change does, each in its own transaction
 * like a sign-in's. Keyed: today's recordAudit (HMAC-SHA-256 link under the audit key, computed in
 * the insert from the key's pads, gapless seq after max(seq)). Baseline, measured in the same run:
 * the append as it was before the key, verbatim (the same lock, event, content hash in TypeScript
 * and insert, the link a plain SHA-256 of "prev:content", seq from the sequence). Rounds
 * alternate, twice each; the better of each counts. Target: keyed within 1.2x of the baseline.
 */
export async function auditAppendScenario() {
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? 5000);
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const database = await openPrepared(bench);
    const ctx = { db: database.db, clock: systemClock };
    const actor = cliActor();
    const input = { action: 'auth.login', details: { n: 1 } };
    const keyed = () => ctx.db.transaction((tx) => recordAudit(tx, ctx, actor, input));
    const unkeyed = () => ctx.db.transaction((tx) => unkeyedAppend(tx, actor, input));
    const rss = { start: process.memoryUsage().rss, peak: 0 };
    const time = async (append: () => Promise<void>) => {
      const started = performance.now();
      for (let i = 0; i < events; i++) {
        await append();
        if (i % 500 === 0) rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
      }
      return (performance.now() - started) / events;
    };
    const runs = { keyed: [] as number[], unkeyed: [] as number[] };
    for (let round = 0; round < 2; round++) {
      // The keyed append numbers after max(seq); the old one takes the sequence's next value.
      await ctx.db.execute(
        sql`select setval(pg_get_serial_sequence('audit_events', 'seq'), (select max(seq) from audit_events))`,
      );
      runs.unkeyed.push(await time(unkeyed));
      runs.keyed.push(await time(keyed));
    }
    const k = Math.min(...runs.keyed);
    const u = Math.min(...runs.unkeyed);
    log(
      `audit append (${bench.kind}, ${events} events per run): keyed ${(k * 1000).toFixed(0)} µs, unkeyed baseline ${(u * 1000).toFixed(0)} µs per event (runs: keyed ${runs.keyed.map((r) => (r * 1000).toFixed(0)).join(', ')}; unkeyed ${runs.unkeyed.map((r) => (r * 1000).toFixed(0)).join(', ')} µs)`,
    );
    log(`  ratio ${(k / u).toFixed(2)}x (target <= 1.2x): ${k / u <= 1.2 ? 'PASS' : 'MISS'}`);
    log(
      `  RSS: ${mb(rss.start)} before, peak ${mb(rss.peak)}, ${mb(process.memoryUsage().rss)} after ${4 * events} events`,
    );
    await database.close();
  } finally {
    await bench.drop();
  }
}

/** recordAudit as it was before the audit key (essential-level events only), kept as the baseline. */
async function unkeyedAppend(
  tx: Db,
  actor: ReturnType<typeof cliActor>,
  input: { action: string; details: unknown },
) {
  const who = actorOf(actor);
  await lockChain(tx, [AUDIT_CHAIN_LOCK]);
  const event = {
    id: randomUUID(),
    at: systemClock.now(),
    accountId: who.accountId,
    actorId: who.userId,
    actorEmail: who.email,
    ip: who.ip ?? null,
    action: input.action,
    level: 'essential',
    targetType: null,
    targetId: null,
    patientId: null,
    details: input.details ?? null,
  };
  await appendUnkeyed(tx, [
    event.id,
    event.at.toISOString(),
    event.accountId,
    event.actorId,
    event.actorEmail,
    event.ip,
    event.action,
    event.level,
    event.targetType,
    event.targetId,
    event.patientId,
    event.details === null ? null : JSON.stringify(event.details),
    contentHash(eventContent(event)),
    GENESIS_HASH,
  ]);
}

const lockChain = textStatement('select pg_advisory_xact_lock($1)');
const appendUnkeyed =
  textStatement(`insert into audit_events (id, at, account_id, actor_id, actor_email, ip, action, level, target_type,
    target_id, patient_id, details, content_hash, prev_hash, hash)
  select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text, last.hash,
    encode(sha256(convert_to(last.hash || ':' || $13::text, 'UTF8')), 'hex')
  from (select coalesce((select hash from audit_events order by seq desc limit 1), $14::text) as hash) last`);
