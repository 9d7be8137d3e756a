import { type AnyColumn, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts } from '../../db/schema.ts';

/**
 * An account whose deletion has started is marked by its deletion event: a deployment-level
 * `account.delete` event naming it (written with the lock-out, in one transaction). No column is
 * needed, the event outlives the account, and nothing redacts it (it belongs to no account and
 * no record that expires). Whoever finds the account still there finishes the job.
 */
export const ACCOUNT_DELETE = 'account.delete';

/** True for the rows of `accounts` (or any account id column) being deleted. */
export const beingDeletedSql = (accountId: AnyColumn | SQL): SQL => sql`exists (
  select 1 from audit_events e
  where e.account_id is null and e.action = ${ACCOUNT_DELETE} and e.target_type = 'account'
    and e.target_id = ${accountId})`;

export async function isBeingDeleted(db: Db, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`${eq(accounts.id, accountId)} and ${beingDeletedSql(accounts.id)}`);
  return row !== undefined;
}

/** Accounts whose deletion started and did not finish (a crash, a stopped server). */
export async function accountsBeingDeleted(db: Db): Promise<string[]> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(beingDeletedSql(accounts.id));
  return rows.map((r) => r.id);
}
