import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemClock } from '../server/clock.ts';
import { recordAudit } from '../server/services/audit.ts';
import { cliActor } from '../server/services/context.ts';
import { createBenchDatabase, openPrepared } from './database.ts';

const log = (line = '') => process.stdout.write(`${line}\n`);

/**
 * Audit appends: the keyed link (HMAC-SHA-256 from the key's pads, computed in the append) against
 * the unkeyed link the chain used before (plain SHA-256), each event in its own transaction as a
 * sign-in's. The target: the keyed append within 1.2x of the unkeyed one per event.
 */
export async function auditAppendScenario() {
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? 5000);
  const bench = await createBenchDatabase(process.env.DATABASE_URL || undefined);
  try {
    const database = await openPrepared(bench);
    const ctx = { db: database.db, clock: systemClock };
    const actor = cliActor();
    const keyed = async () => {
      await ctx.db.transaction((tx) =>
        recordAudit(tx, ctx, actor, { action: 'auth.login', details: { n: 1 } }),
      );
    };
    // The append as it was before the key: the same columns, the link as sha256("prev:content").
    const unkeyed = async () => {
      await ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(7411002)`);
        await tx.execute(
          sql.raw(`insert into audit_events (seq, id, at, action, level, content_hash, prev_hash, hash)
          select last.seq + 1, '${randomUUID()}', now(), 'bench.unkeyed', 'essential', md5(random()::text) || md5(random()::text), last.hash,
            encode(sha256(convert_to(last.hash || ':' || 'x', 'UTF8')), 'hex')
          from (select coalesce(max(seq), 0) as seq,
            coalesce((select hash from audit_events order by seq desc limit 1), repeat('0', 64)) as hash from audit_events) last`),
        );
      });
    };
    const time = async (append: () => Promise<void>) => {
      const started = performance.now();
      for (let i = 0; i < events; i++) await append();
      return (performance.now() - started) / events;
    };
    // Alternate, twice each, and take the best of each: the machine's noise hits both alike.
    const runs = { keyed: [] as number[], unkeyed: [] as number[] };
    for (let round = 0; round < 2; round++) {
      runs.unkeyed.push(await time(unkeyed));
      runs.keyed.push(await time(keyed));
    }
    const k = Math.min(...runs.keyed);
    const u = Math.min(...runs.unkeyed);
    log(
      `audit append (${bench.kind}, ${events} events per run): keyed ${(k * 1000).toFixed(0)} µs, unkeyed ${(u * 1000).toFixed(0)} µs per event`,
    );
    log(`  ratio ${(k / u).toFixed(2)}x (target <= 1.2x): ${k / u <= 1.2 ? 'PASS' : 'MISS'}`);
    await database.close();
  } finally {
    await bench.drop();
  }
}
