import { and, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { redacted } from './activity.ts';
import { expirySql } from './expiry.ts';

/**
 * The activity log of a deleted record is kept until the record expires (PRODUCT.md §6): its events
 * carry `expires_at` = the record's expiry (deletion time + retention), so the log is a tracking list
 * with an expiry on every such row and the daily cleanup redacts them when it is reached.
 *
 * An event belongs to its patient (patient_id) and to its target (target_id: a patient, entry, image
 * or user); its expiry is the earliest expiry of those that are deleted, and none when none is.
 * This recomputes it from the records for the events in `scope` (all events that carry an expiry
 * when no scope is given, as after a retention change), so it is right whatever happened before:
 * a deletion, a recovery, or a new retention period.
 */
export async function refreshActivityExpiry(
  tx: Db,
  months: number,
  scope?: { patientIds?: string[]; targetIds?: string[] },
): Promise<void> {
  const conds: SQL[] = [];
  if (scope?.patientIds?.length) conds.push(sql`a.patient_id in ${scope.patientIds}`);
  if (scope?.targetIds?.length) conds.push(sql`a.target_id in ${scope.targetIds}`);
  if (scope && conds.length === 0) return;
  const within = scope ? sql`(${sql.join(conds, sql` or `)})` : sql`a.expires_at is not null`;
  // Cleared first, then recomputed: a recovered record's events lose their expiry.
  await tx.execute(
    sql`update audit_events a set expires_at = null where a.redacted_at is null and ${within}`,
  );
  const scopeAgain = scope ? within : sql`true`;
  await tx.execute(sql`
    update audit_events a set expires_at = ${expirySql(sql`p.deleted_at`, months)}
    from patients p
    where a.patient_id = p.id and p.deleted_at is not null and a.redacted_at is null and ${scopeAgain}`);
  await tx.execute(sql`
    update audit_events a
    set expires_at = least(coalesce(a.expires_at, ${expirySql(sql`r.deleted_at`, months)}), ${expirySql(sql`r.deleted_at`, months)})
    from (
      select id, deleted_at from patients where deleted_at is not null
      union all select id, deleted_at from entries where deleted_at is not null
      union all select id, deleted_at from images where deleted_at is not null
      union all select id, deleted_at from users where deleted_at is not null and removed_at is null
    ) r
    where a.target_id = r.id and a.redacted_at is null and ${scopeAgain}`);
}

/**
 * Redacts up to `limit` events whose expiry has been reached, exactly as activity.ts does (the
 * hashes stay, so the chain still verifies). Returns how many it redacted.
 */
export async function redactExpiredActivity(db: Db, now: Date, limit: number): Promise<number> {
  const due = db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(and(isNull(auditEvents.redactedAt), lte(auditEvents.expiresAt, now)))
    .limit(limit);
  const rows = await db
    .update(auditEvents)
    .set(redacted(now))
    .where(inArray(auditEvents.seq, due))
    .returning({ seq: auditEvents.seq });
  return rows.length;
}

/** How many events are due for redaction at `now` (a dry run). */
export const expiredActivitySql = (now: Date) =>
  and(isNull(auditEvents.redactedAt), lte(auditEvents.expiresAt, now));
