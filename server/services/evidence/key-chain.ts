import { and, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { settings } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { AUDIT_CHAIN_LOCK, recordAudit } from '../audit.ts';
import { systemActor } from '../context.ts';
import { redactionSealSql } from './mac-sql.ts';

/**
 * Makes the chain keyed from the next event on, once: events already written keep their plain
 * SHA-256 links (they cannot be re-signed without trusting them), and the redactions already made
 * get their seal. A migrated chain records `audit.chain_keyed`; checkpoints repeat keyedFrom.
 * Returns keyedFrom.
 */
export async function keyTheChain(db: Db, clock: Clock): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [row] = await tx.select({ keyedFrom: settings.auditKeyedFrom }).from(settings);
    if (row?.keyedFrom != null) return row.keyedFrom;
    const [last] = await tx
      .select({ seq: sql<string>`coalesce(max(${auditEvents.seq}), 0)::text` })
      .from(auditEvents);
    const keyedFrom = Number(last?.seq ?? 0) + 1;
    await tx.update(settings).set({ auditKeyedFrom: keyedFrom });
    await tx
      .update(auditEvents)
      .set({ redactionSeal: redactionSealSql(auditEvents.hash) })
      .where(and(isNotNull(auditEvents.redactedAt), isNull(auditEvents.redactionSeal)));
    if (keyedFrom > 1) {
      await recordAudit(tx, { clock }, systemActor(), {
        action: 'audit.chain_keyed',
        details: { keyedFrom },
      });
    }
    return keyedFrom;
  });
}
