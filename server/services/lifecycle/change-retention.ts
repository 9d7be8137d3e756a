import { and, count, isNull, ne, or } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { REMOVING } from '../../domain/lifecycle.ts';
import { retentionText } from '../../domain/retention.ts';
import { conflict } from '../../errors.ts';
import { removeUserForGood } from '../user-lifecycle/managed-user.ts';
import type { RecordType } from '../versions.ts';
import { expiredActivitySql, redactExpiredActivity } from './activity-expiry.ts';
import type { Destruction } from './destruction-record.ts';
import { expiredSql, recordExpiredSql } from './expiry.ts';
import { KINDS_IN_REMOVAL_ORDER, recordTable } from './record-kinds.ts';

/** The records a retention period would leave past their expiry, by kind (PRODUCT.md §6). */
export interface ExpiringByKind {
  patients: number;
  entries: number;
  images: number;
  lesions: number;
  users: number;
  logEvents: number;
}

const LOG_BATCH = 5000;

/**
 * How many deleted records (patients, entries, images, lesions and users) and activity-log events would be
 * past their expiry at `now` if retention were `months`: what a confirmed cut removes at once.
 */
export async function countExpiringByKind(db: Db, now: Date, months: number): Promise<ExpiringByKind> {
  const countRecords = (type: RecordType) => async () => {
    const t = recordTable(type);
    const [row] = await db
      .select({ n: count() })
      .from(t)
      .where(recordExpiredSql(type, months, now));
    return row?.n ?? 0;
  };
  const countUsers = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(users)
      .where(and(expiredSql(users.deletedAt, months, now), isNull(users.removedAt)));
    return row?.n ?? 0;
  };
  const countLogEvents = async () => {
    const [row] = await db.select({ n: count() }).from(auditEvents).where(expiredActivitySql(months, now));
    return row?.n ?? 0;
  };
  const [p, e, i, les, u, l] = await together(db, [
    countRecords('patient'),
    countRecords('entry'),
    countRecords('image'),
    countRecords('lesion'),
    countUsers,
    countLogEvents,
  ]);
  return { patients: p, entries: e, images: i, lesions: les, users: u, logEvents: l };
}

export const totalOf = (byKind: ExpiringByKind) => Object.values(byKind).reduce((a, b) => a + b, 0);

/** What the settings transaction did for a retention change before the new period is written. */
export interface RetentionPrepared {
  /** Deleted records whose removal must follow the transaction (a cut, or what a raise finalized). */
  removalDue: boolean;
  /** Users removed for good and events redacted inside the transaction (expired before a raise). */
  finalized: { users: number; logs: number };
}

/**
 * Checks and prepares a retention change inside the transaction that writes it. A cut needs the
 * confirmation (409 with what it would remove). A raise extends only what has not expired: what had
 * expired under the old period is made final first, so that nothing brings it back.
 */
export async function prepareRetentionChange(
  tx: Db,
  now: Date,
  change: { before: number; after: number; confirmed: boolean },
  destruction: Destruction,
): Promise<RetentionPrepared> {
  const none = { removalDue: false, finalized: { users: 0, logs: 0 } };
  if (change.after === change.before) return none;
  if (change.after < change.before) {
    const byKind = await countExpiringByKind(tx, now, change.after);
    const wouldExpire = totalOf(byKind);
    if (!change.confirmed) {
      throw conflict(
        'confirmation_required',
        `Shortening retention to ${retentionText(change.after)} removes ${wouldExpire} deleted records and log events at once. Send confirmReduction: true to go ahead.`,
        {
          wouldExpire,
          wouldExpireByKind: byKind,
          retentionMonths: change.after,
          retentionText: retentionText(change.after),
        },
      );
    }
    return { ...none, removalDue: wouldExpire > 0 };
  }
  return finalizeExpired(tx, now, change.before, destruction);
}

/**
 * Expiry is final (PRODUCT.md §6): whatever has expired under the period in force is taken out of
 * reach before a longer one applies. Records are marked for removal (never recovered again; the
 * removal that follows, or the next cleanup, finishes them); users and log events need no files, so
 * they are removed for good and redacted here.
 */
async function finalizeExpired(
  tx: Db,
  now: Date,
  months: number,
  destruction: Destruction,
): Promise<RetentionPrepared> {
  let marked = 0;
  for (const type of KINDS_IN_REMOVAL_ORDER) {
    const t = recordTable(type);
    const rows = await tx
      .update(t)
      .set({ deletionKind: REMOVING })
      .where(
        and(recordExpiredSql(type, months, now), or(isNull(t.deletionKind), ne(t.deletionKind, REMOVING))),
      )
      .returning({ id: t.id });
    marked += rows.length;
  }
  const expiredUsers = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(expiredSql(users.deletedAt, months, now), isNull(users.removedAt)));
  let removedUsers = 0;
  for (const { id } of expiredUsers) if (await removeUserForGood(tx, id, now, destruction)) removedUsers++;
  let logs = 0;
  for (;;) {
    const n = await redactExpiredActivity(tx, months, now, LOG_BATCH);
    logs += n;
    if (n < LOG_BATCH) break;
  }
  return { removalDue: marked > 0, finalized: { users: removedUsers, logs } };
}
