import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { AppError, unauthorized } from '../../errors.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { hashPassword, requireAcceptablePassword, verifyPassword } from '../passwords.ts';
import { endPasswordSessions } from './end-sessions.ts';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * `POST /api/auth/password`: one's own password, proven by the current one. Ends the user's other
 * sessions (this one stays) and lifts a required change; personal tokens and clients stay.
 */
export async function changeOwnPassword(ctx: Ctx, actor: Actor, input: PasswordChange) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || user.deletedAt) throw unauthorized();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const message = 'The current password is not right.';
    throw new AppError(422, 'wrong_password', message, { fields: { currentPassword: message } });
  }
  if (input.newPassword === input.currentPassword) {
    const message = 'Choose a password different from the current one.';
    throw new AppError(422, 'password_unchanged', message, { fields: { newPassword: message } });
  }
  requireAcceptablePassword(input.newPassword, [user.email, user.displayName ?? ''], 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    const ended = await endPasswordSessions(tx, user.id, 'password_changed', actor.sessionHash);
    await recordAudit(tx, ctx, actor, {
      action: 'auth.password_changed',
      accountId: user.accountId,
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded: ended },
    });
    return { sessionsEnded: ended };
  });
}
