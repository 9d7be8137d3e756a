import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { redactionSealSql } from '../evidence/mac-sql.ts';

/**
 * Removes the activity log of some records: each event keeps its hashes (so the chain still
 * verifies) and loses everything that says who did what to whom. The columns emptied here are
 * exactly those audit-read.ts expects to be null on a redacted event. Returns how many it redacted.
 */
export async function redactActivity(
  tx: Db,
  now: Date,
  of: { patientIds?: string[]; targetIds?: string[] },
): Promise<number> {
  const conds: SQL[] = [];
  if (of.patientIds?.length) conds.push(inArray(auditEvents.patientId, of.patientIds));
  if (of.targetIds?.length) conds.push(inArray(auditEvents.targetId, of.targetIds));
  if (conds.length === 0) return 0;
  const rows = await tx
    .update(auditEvents)
    .set(redacted(now))
    .where(and(isNull(auditEvents.redactedAt), or(...conds)))
    .returning({ seq: auditEvents.seq });
  return rows.length;
}

/**
 * What a redacted event keeps: its hashes, action, time, level and account; never who or whom. The
 * seal (a MAC of its hash under the audit key) tells the chain check that the server redacted it.
 */
export const redacted = (now: Date) => ({
  redactionSeal: redactionSealSql(auditEvents.hash),
  details: null,
  actorEmail: null,
  ip: null,
  targetId: null,
  patientId: null,
  actorId: null,
  // A redacted event has nothing left to expire: it shows no expiry and never sorts as expiring.
  expiryBase: null,
  redactedAt: now,
});

/**
 * Redacts up to `limit` events of one account (account deletion); returns how many. Deployment
 * events (account_id null), such as the account's own deletion event, are not the account's.
 */
export async function redactAccountActivity(db: Db, now: Date, accountId: string, limit: number) {
  const due = db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), isNull(auditEvents.redactedAt)))
    .limit(limit);
  const rows = await db
    .update(auditEvents)
    .set(redacted(now))
    .where(inArray(auditEvents.seq, due))
    .returning({ seq: auditEvents.seq });
  return rows.length;
}
