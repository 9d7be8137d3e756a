import { and, count, isNull, ne, or, sql } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { REMOVING } from '../../domain/lifecycle.ts';
import { AppError, conflict } from '../../errors.ts';
import { removeUserForGood } from '../user-lifecycle/managed-user.ts';
import type { RecordType } from '../versions.ts';
import type { Destruction } from './destruction-record.ts';
import { heldSql, recordRecoverableSql, recoverableSql } from './expiry.ts';
import { KINDS_IN_REMOVAL_ORDER, recordTable } from './record-kinds.ts';

/** The soft-deleted records that can still be recovered, by kind (what a switch to Permanent leaves). */
export interface RecoverableByKind {
  patients: number;
  entries: number;
  images: number;
  lesions: number;
  users: number;
}

const notRemoving = (type: RecordType) => {
  const t = recordTable(type);
  return or(isNull(t.deletionKind), ne(t.deletionKind, REMOVING));
};

async function countRecoverable(db: Db, now: Date, months: number): Promise<RecoverableByKind> {
  const records = (type: RecordType) => async () => {
    const t = recordTable(type);
    const [row] = await db
      .select({ n: count() })
      .from(t)
      .where(and(recordRecoverableSql(type, months, now), notRemoving(type)));
    return row?.n ?? 0;
  };
  const deletedUsers = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(users)
      .where(and(recoverableSql(users.deletedAt, months, now), isNull(users.removedAt)));
    return row?.n ?? 0;
  };
  const [p, e, i, l, u] = await together(db, [
    records('patient'),
    records('entry'),
    records('image'),
    records('lesion'),
    deletedUsers,
  ]);
  return { patients: p, entries: e, images: i, lesions: l, users: u };
}

export interface PolicyPrepared {
  /** Records marked for removal inside the transaction; the removal after it finishes them. */
  purgeDue: boolean;
  /** Users removed for good inside the transaction. */
  purgedUsers: number;
  /** The purge's destruction record, which the removal after the transaction completes. */
  destruction: Destruction;
}

/**
 * Switching the deletion policy to Permanent says what it means (PRODUCT.md §6): while soft-deleted
 * records exist it needs `confirmPolicyChange` (409 with how many stay recoverable); with it they
 * stay recoverable until they expire, and with `purgeExisting` too they are removed now (records
 * marked for removal here, users removed for good). Records under legal hold are never purged.
 */
export async function preparePolicyChange(
  tx: Db,
  now: Date,
  months: number,
  change: { before: string; after: string; confirmed: boolean; purge: boolean; destruction: Destruction },
): Promise<PolicyPrepared> {
  const none = { purgeDue: false, purgedUsers: 0, destruction: change.destruction };
  if (change.purge && !change.confirmed)
    throw new AppError(422, 'invalid_input', 'purgeExisting needs confirmPolicyChange: true as well.', {
      fields: { confirmPolicyChange: 'Required with purgeExisting.' },
    });
  if (change.after !== 'permanent' || change.before === 'permanent') {
    if (change.purge)
      throw new AppError(
        422,
        'invalid_input',
        'purgeExisting applies only to a switch to the Permanent policy.',
        {
          fields: { purgeExisting: 'Only with deletionPolicy "permanent".' },
        },
      );
    return none;
  }
  const recoverable = await countRecoverable(tx, now, months);
  const total = Object.values(recoverable).reduce((a, b) => a + b, 0);
  if (total === 0) return none;
  if (!change.confirmed)
    throw conflict(
      'confirmation_required',
      `${total} deleted records can still be recovered. Send confirmPolicyChange: true to keep them recoverable until they expire, or with purgeExisting: true to remove them now.`,
      { recoverable: total, recoverableByKind: recoverable },
    );
  if (!change.purge) return none;
  let marked = 0;
  for (const type of KINDS_IN_REMOVAL_ORDER) {
    const t = recordTable(type);
    const rows = await tx
      .update(t)
      .set({ deletionKind: REMOVING })
      .where(and(recordRecoverableSql(type, months, now), notRemoving(type), sql`not ${heldSql(type)}`))
      .returning({ id: t.id });
    marked += rows.length;
  }
  const deleted = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(recoverableSql(users.deletedAt, months, now), isNull(users.removedAt)));
  let purgedUsers = 0;
  for (const { id } of deleted) if (await removeUserForGood(tx, id, now, change.destruction)) purgedUsers++;
  return { purgeDue: marked > 0, purgedUsers, destruction: change.destruction };
}
