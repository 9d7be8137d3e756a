import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { type DeletionReason, deletionWhy, expiryOf, POLICY_EFFECTS } from '../../domain/lifecycle.ts';
import { AppError } from '../../errors.ts';
import { requireCapability } from '../access.ts';
import { announceAccessRevoked } from '../access-revocation.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { redactActivity } from '../lifecycle/activity.ts';
import { refreshActivityExpiry } from '../lifecycle/activity-expiry.ts';
import { readSettings } from '../settings.ts';
import { presentUser } from '../users-present.ts';
import { removeUserForGood, requireManagedUser, revokeAccess } from './managed-user.ts';

/**
 * Deletes a user under the deletion policy. Whatever the policy, its sessions end and its API
 * tokens are revoked at once, so it can no longer sign in or call the API. Recoverable and Standard
 * keep the user (recoverable until expiry; Standard also removes its activity log but the deletion
 * event); Permanent removes it for good at once (see removeUserForGood). Its clinical records stay:
 * they belong to the account.
 */
export async function deleteUser(
  ctx: Ctx,
  actor: Actor,
  id: string,
  given: { reason?: DeletionReason | undefined; reasonNote?: string | undefined } = {},
) {
  requireCapability(actor, 'users.manage');
  const why = deletionWhy('user', { reason: given.reason, note: given.reasonNote });
  return ctx.db.transaction(async (tx) => {
    const { user, accountName } = await requireManagedUser(tx, actor, id);
    const { deletionPolicy: policy, retentionMonths } = await readSettings(tx);
    if (user.deletedAt) {
      throw new AppError(410, 'deleted', 'This user is already deleted.', {
        deletedAt: user.deletedAt.toISOString(),
        expiresAt: expiryOf(user.deletedAt, retentionMonths).toISOString(),
      });
    }
    const now = ctx.clock.now();
    const [row] = await tx
      .update(users)
      .set({ deletedAt: now, deletedBy: actor.userId, deletionReason: why.reason, deletionNote: why.note })
      .where(eq(users.id, id))
      .returning();
    await revokeAccess(tx, id, now);
    await announceAccessRevoked(tx, id, 'user_deleted');
    const effects = POLICY_EFFECTS[policy];
    if (!effects.keepsActivityLog) await redactActivity(tx, now, { targetIds: [id] });
    if (!effects.keepsData) await removeUserForGood(tx, id, now);
    await recordAudit(tx, ctx, actor, {
      action: 'user.delete',
      accountId: user.accountId,
      targetType: 'user',
      targetId: id,
      details: effects.keepsData
        ? { policy, email: user.email, role: user.role, reason: why.reason, reasonNote: why.note }
        : { policy, role: user.role, reason: why.reason },
    });
    if (effects.keepsData) await refreshActivityExpiry(tx, { targetIds: [id] });
    const presented =
      effects.keepsData && row
        ? presentUser(row, accountName)
        : presentUser({ ...user, email: '', displayName: null }, accountName);
    return {
      user: presented,
      policy,
      expiresAt: effects.keepsData ? expiryOf(now, retentionMonths).toISOString() : null,
    };
  });
}
