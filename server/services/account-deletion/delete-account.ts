import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, users } from '../../db/schema.ts';
import { confirms, deleteAccountPhrase } from '../../domain/confirmation.ts';
import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { isUuid, requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { confirmationMismatch } from '../lifecycle/errors.ts';
import { KINDS_IN_REMOVAL_ORDER, RECORD_KINDS, recordTable } from '../lifecycle/record-kinds.ts';
import { accountDestruction, finishAccountDeletion, removeAccountUsers } from './finish-account-deletion.ts';
import { ACCOUNT_DELETE, markDeletionStarted } from './marker.ts';

/**
 * Deletes an account for good, whatever the deletion policy (PRODUCT.md §6): the typed phrase must
 * be `delete account <name>`. One transaction marks the deletion started (`deletion_started_at`),
 * writes the deployment-level deletion event (the account's only trace afterwards) and removes the
 * account's users with their sessions and tokens, so no one signs in again from that moment. The
 * rest goes in batches; if the process dies midway, deleting again or the daily cleanup finishes.
 */
export async function deleteAccount(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  confirmation: string | undefined,
) {
  requireCapability(actor, 'accounts.manage');
  if (!isUuid(id)) throw notFound('account');
  const now = ctx.clock.now();
  const destruction = accountDestruction(now, actor, id);
  const usersLockedOut = await ctx.db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
    if (!account) throw notFound('account');
    const phrase = deleteAccountPhrase(account.name);
    if (!confirms(confirmation, phrase)) throw confirmationMismatch(phrase);
    if (await markDeletionStarted(tx, id, now)) {
      // The account's only trace afterwards: its name and what it held when its deletion started.
      await recordAudit(tx, ctx, actor, {
        action: ACCOUNT_DELETE,
        accountId: null,
        targetType: 'account',
        targetId: id,
        details: { permanent: true, name: account.name, held: await accountHoldings(tx, id) },
      });
    }
    return removeAccountUsers(tx, id, now, destruction);
  });
  const deleted = await finishAccountDeletion(ctx, storage, id, destruction, usersLockedOut);
  return { deleted: { ...deleted, users: deleted.users + usersLockedOut } };
}

/** How many patients, entries, images, lesions (deleted ones included) and users the account holds. */
async function accountHoldings(tx: Db, accountId: string) {
  const held = { patients: 0, entries: 0, images: 0, lesions: 0, users: 0 };
  for (const kind of KINDS_IN_REMOVAL_ORDER) {
    const t = recordTable(kind);
    const [row] = await tx.select({ n: count() }).from(t).where(eq(t.accountId, accountId));
    held[RECORD_KINDS[kind].counter] = row?.n ?? 0;
  }
  const [row] = await tx.select({ n: count() }).from(users).where(eq(users.accountId, accountId));
  return { ...held, users: row?.n ?? 0 };
}
