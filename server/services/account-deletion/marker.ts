import { isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts } from '../../db/schema.ts';

/**
 * An account whose deletion has started has `deletion_started_at` set (in the transaction that
 * locks its users out and writes the deployment-level `account.delete` event). Whoever finds the
 * account still there finishes the job.
 */
export const ACCOUNT_DELETE = 'account.delete';

/**
 * Written with the removal of the account row, so exactly once: the account's name and the counts
 * of what the finishing run removed (a resumed deletion's earlier part is in its destruction records).
 */
export const ACCOUNT_DELETE_FINISHED = 'account.delete_finished';

/** Marks the account's deletion as started (idempotent); false when it already was. */
export async function markDeletionStarted(tx: Db, accountId: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(accounts)
    .set({ deletionStartedAt: now })
    .where(sql`${accounts.id} = ${accountId} and ${accounts.deletionStartedAt} is null`)
    .returning({ id: accounts.id });
  return rows.length > 0;
}

export async function isBeingDeleted(db: Db, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`${accounts.id} = ${accountId} and ${accounts.deletionStartedAt} is not null`);
  return row !== undefined;
}

/** Accounts whose deletion started and did not finish (a crash, a stopped server). */
export async function accountsBeingDeleted(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(isNotNull(accounts.deletionStartedAt));
  return rows.map((r) => r.id);
}

/**
 * Sets the column from the deployment-level deletion events, for accounts restored from an archive
 * older than the column (migration 0013 does the same in SQL).
 */
export async function rederiveDeletionStarted(tx: Db): Promise<void> {
  await tx.execute(sql`
    update accounts a set deletion_started_at = e.at
    from (
      select target_id as id, min(at) as at from audit_events
      where account_id is null and action = ${ACCOUNT_DELETE} and target_type = 'account'
      group by target_id
    ) e
    where a.id = e.id and a.deletion_started_at is null`);
}
