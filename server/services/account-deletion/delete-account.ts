import { eq } from 'drizzle-orm';
import { accounts } from '../../db/schema.ts';
import { confirms, deleteAccountPhrase } from '../../domain/confirmation.ts';
import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { isUuid, requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { confirmationMismatch } from '../lifecycle/errors.ts';
import { finishAccountDeletion, removeAccountUsers } from './finish-account-deletion.ts';
import { ACCOUNT_DELETE, isBeingDeleted } from './marker.ts';

/**
 * Deletes an account for good, whatever the deletion policy (PRODUCT.md §6): the typed phrase must
 * be `delete account <name>`. One transaction writes the deployment-level deletion event (the
 * account's only trace afterwards, and the marker that the deletion started) and removes the
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
  const usersLockedOut = await ctx.db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
    if (!account) throw notFound('account');
    const phrase = deleteAccountPhrase(account.name);
    if (!confirms(confirmation, phrase)) throw confirmationMismatch(phrase);
    if (!(await isBeingDeleted(tx, id))) {
      // No name and no counts of patients: the account is named by its id only.
      await recordAudit(tx, ctx, actor, {
        action: ACCOUNT_DELETE,
        accountId: null,
        targetType: 'account',
        targetId: id,
        details: { permanent: true },
      });
    }
    return removeAccountUsers(tx, id, now);
  });
  const deleted = await finishAccountDeletion(ctx, storage, id);
  return { deleted: { ...deleted, users: deleted.users + usersLockedOut } };
}
