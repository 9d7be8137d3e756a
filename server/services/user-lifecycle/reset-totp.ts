import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import { requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { presentUser } from '../users-present.ts';
import { requireManagedUser } from './managed-user.ts';

/**
 * `POST /api/users/{id}/totp/reset`: a user who lost the phone with its authenticator cannot sign
 * in; its account admin (or a super administrator) turns its two-factor sign-in off, so it signs in
 * with its password and sets it up again. Who may reset whom follows user management (accounts
 * are walls, never oneself: one's own is turned off with one's password). Its sessions and tokens
 * stay: losing a phone does not reveal the password.
 */
export async function resetUserTotp(ctx: Ctx, actor: Actor, id: string) {
  requireCapability(actor, 'users.manage');
  if (id === actor.userId) {
    throw forbidden('Turn your own two-factor sign-in off on the My security page.');
  }
  return ctx.db.transaction(async (tx) => {
    const { user, accountName } = await requireManagedUser(tx, actor, id);
    if (user.deletedAt) throw notFound('user');
    const was = user.totpSecret?.split(':')[0] ?? 'off';
    const [row] = await tx.update(users).set({ totpSecret: null }).where(eq(users.id, id)).returning();
    await recordAudit(tx, ctx, actor, {
      action: 'auth.totp_reset',
      accountId: user.accountId,
      targetType: 'user',
      targetId: id,
      details: { email: user.email, was },
    });
    return presentUser(row ?? user, accountName);
  });
}
