import { and, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { expiredDeletionBound, expiryOf } from '../../domain/lifecycle.ts';
import { redacted } from './activity.ts';
import { eventHeldSql, expirySql } from './expiry.ts';

/**
 * The activity log of a deleted record is kept until the record expires (PRODUCT.md §6), so it is a
 * tracking list with an expiry on every such event, and the cleanup redacts the events it reaches.
 *
 * An event belongs to its patient (patient_id) and to its target (target_id: a patient, entry, image,
 * lesion or user); its expiry is the earliest expiry of those that are deleted, and none when none is.
 * Expiry is deletion time + retention for all of them, so the earliest expiry is that of the
 * earliest deletion: each event stores that deletion time (`expiry_base`) and the expiry is derived
 * with the current retention wherever it is read, as for records. A retention change writes no event.
 *
 * This recomputes the base from the records for the events of these patients or targets, so it is
 * right whatever happened before: a deletion or a recovery.
 */
export async function refreshActivityExpiry(
  tx: Db,
  scope: { patientIds?: string[]; targetIds?: string[] },
): Promise<void> {
  const conds: SQL[] = [];
  if (scope.patientIds?.length) conds.push(sql`a.patient_id in ${scope.patientIds}`);
  if (scope.targetIds?.length) conds.push(sql`a.target_id in ${scope.targetIds}`);
  if (conds.length === 0) return;
  // least() skips nulls: an active record contributes nothing, and no deleted one leaves null.
  const deletedAt = (table: string, id: SQL, extra = sql``) =>
    sql`(select r.deleted_at from ${sql.raw(table)} r where r.id = ${id} ${extra})`;
  await tx.execute(sql`
    update audit_events a set expiry_base = least(
      ${deletedAt('patients', sql`a.patient_id`)},
      ${deletedAt('patients', sql`a.target_id`)},
      ${deletedAt('entries', sql`a.target_id`)},
      ${deletedAt('images', sql`a.target_id`)},
      ${deletedAt('lesions', sql`a.target_id`)},
      ${deletedAt('users', sql`a.target_id`, sql`and r.removed_at is null`)})
    where a.redacted_at is null and (${sql.join(conds, sql` or `)})`);
}

/**
 * The same for every event at once, set-based from the deleted records (an archive from before the
 * base existed is restored with this; migration 0008 does the same in SQL).
 */
export async function refreshAllActivityExpiry(tx: Db): Promise<void> {
  await tx.execute(sql`update audit_events set expiry_base = null where expiry_base is not null`);
  await tx.execute(sql`
    update audit_events a set expiry_base = p.deleted_at from patients p
    where a.patient_id = p.id and p.deleted_at is not null and a.redacted_at is null`);
  await tx.execute(sql`
    update audit_events a set expiry_base = least(a.expiry_base, r.deleted_at)
    from (
      select id, deleted_at from patients where deleted_at is not null
      union all select id, deleted_at from entries where deleted_at is not null
      union all select id, deleted_at from images where deleted_at is not null
      union all select id, deleted_at from lesions where deleted_at is not null
      union all select id, deleted_at from users where deleted_at is not null and removed_at is null
    ) r
    where a.target_id = r.id and a.redacted_at is null`);
}

/** The expiry of an event with this base under `months` of retention; null: it never expires (or its patient is held). */
export const activityExpiry = (base: Date | null, months: number, held = false): Date | null =>
  base ? expiryOf(base, months, held) : null;

/**
 * The events not yet redacted whose expiry has been reached at `now`: an index range on the base
 * (audit_expiry_base), bounded as records are (expiredDeletionBound), then the exact test; the
 * activity of a patient under legal hold has no expiry while held.
 */
export const expiredActivitySql = (months: number, now: Date) =>
  and(
    isNull(auditEvents.redactedAt),
    lte(auditEvents.expiryBase, expiredDeletionBound(months, now)),
    sql`${expirySql(auditEvents.expiryBase, months, eventHeldSql())} <= ${now.toISOString()}::timestamptz`,
  );

/**
 * Redacts up to `limit` events whose expiry has been reached, exactly as activity.ts does (the
 * hashes stay, so the chain still verifies). Returns how many it redacted.
 */
export async function redactExpiredActivity(
  db: Db,
  months: number,
  now: Date,
  limit: number,
): Promise<number> {
  const due = db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(expiredActivitySql(months, now))
    .limit(limit);
  const rows = await db
    .update(auditEvents)
    .set(redacted(now))
    .where(inArray(auditEvents.seq, due))
    .returning({ seq: auditEvents.seq });
  return rows.length;
}
