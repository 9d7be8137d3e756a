import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import type { Role } from '../../domain/roles.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { requireCapability } from '../access.ts';
import { announceAccessRevoked } from '../access-revocation.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { presentUser } from '../users-present.ts';
import { requireManagedUser } from './managed-user.ts';

/**
 * `PATCH /api/users/{id}` `{role}`: an account admin (or a super administrator) moves a user of
 * an account between assistant, clinician and admin. A super administrator belongs to no account,
 * so no one becomes or stops being one this way. The user's live sockets are checked again at
 * once on every instance (its role is part of what a socket keeps) and closed with `role_changed`.
 */
export async function changeUserRole(ctx: Ctx, actor: Actor, id: string, role: Role) {
  requireCapability(actor, 'users.manage');
  if (id === actor.userId) throw forbidden('You cannot change your own role.');
  return ctx.db.transaction(async (tx) => {
    const { user, accountName } = await requireManagedUser(tx, actor, id);
    if (user.deletedAt) throw notFound('user');
    if (role === 'super-admin' || user.role === 'super-admin') {
      throw invalid('A super administrator belongs to no account: create or delete one instead.', {
        role: 'Choose admin, clinician or assistant.',
      });
    }
    if (user.role === role) return presentUser(user, accountName);
    const [row] = await tx.update(users).set({ role }).where(eq(users.id, id)).returning();
    await announceAccessRevoked(tx, id, 'role_changed');
    await recordAudit(tx, ctx, actor, {
      action: 'user.role_changed',
      accountId: user.accountId,
      targetType: 'user',
      targetId: id,
      details: { email: user.email, from: user.role, to: role },
    });
    return presentUser(row ?? user, accountName);
  });
}
