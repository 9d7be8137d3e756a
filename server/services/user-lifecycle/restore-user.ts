import { and, eq, isNull, ne } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { expiryOf, restoreRefusal } from '../../domain/lifecycle.ts';
import { conflict } from '../../errors.ts';
import { requireCapability } from '../access.ts';
import { announceAccessRevoked } from '../access-revocation.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { isUniqueViolation } from '../db-errors.ts';
import { refreshActivityExpiry } from '../lifecycle/activity-expiry.ts';
import { expiredRecord, notDeleted } from '../lifecycle/errors.ts';
import { readSettings } from '../settings.ts';
import { presentUser } from '../users-present.ts';
import { requireManagedUser } from './managed-user.ts';

const emailTaken = () =>
  conflict('email_taken', 'An active user now holds this e-mail; the deleted user cannot be recovered.');

/**
 * Recovers a deleted user before its expiry. Its old sessions and tokens stay revoked: it signs in
 * again with its password. Refused while an active user holds the same e-mail.
 */
export async function restoreUser(ctx: Ctx, actor: Actor, id: string) {
  requireCapability(actor, 'users.manage');
  try {
    return await ctx.db.transaction(async (tx) => {
      const { user, accountName } = await requireManagedUser(tx, actor, id);
      const { retentionMonths } = await readSettings(tx);
      const now = ctx.clock.now();
      const refusal = restoreRefusal(user, { now, retentionMonths, parentActive: true });
      if (refusal === 'not_deleted' || !user.deletedAt) throw notDeleted('user');
      if (refusal === 'expired') throw expiredRecord('user', expiryOf(user.deletedAt, retentionMonths));
      const [holder] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, user.email), isNull(users.deletedAt), ne(users.id, id)));
      if (holder) throw emailTaken();
      const [row] = await tx
        .update(users)
        .set({ deletedAt: null, deletedBy: null, deletionReason: null, deletionNote: null })
        .where(eq(users.id, id))
        .returning();
      await refreshActivityExpiry(tx, { targetIds: [id] });
      await announceAccessRevoked(tx, id, 'user_restored');
      await recordAudit(tx, ctx, actor, {
        action: 'user.restore',
        accountId: user.accountId,
        targetType: 'user',
        targetId: id,
        details: { email: user.email },
      });
      return presentUser(row ?? user, accountName);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_active')) throw emailTaken();
    throw err;
  }
}
