import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { passwordResets } from '../../db/schema-passwords.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { hashPassword, requireAcceptablePassword } from '../passwords.ts';
import { secretHash } from '../tokens.ts';
import { endPasswordSessions } from './end-sessions.ts';

const unknownLink = () =>
  new AppError(
    404,
    'reset_link_invalid',
    'This reset link is not valid. Ask your administrator for a new one.',
  );

/**
 * `POST /api/auth/password-reset`: whoever holds a valid link sets the user's password once. The
 * link is spent, every session of the user ends, and a required change is lifted. A refused
 * password leaves the link usable.
 */
export async function usePasswordResetLink(
  ctx: Ctx,
  input: { token: string; newPassword: string },
  ip: string | null,
) {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .select({ link: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, secretHash(input.token)));
  if (!row || row.user.deletedAt) throw unknownLink();
  const { link, user } = row;
  if (link.usedAt)
    throw new AppError(
      410,
      'reset_link_used',
      'This reset link was already used or replaced by a newer one.',
    );
  if (link.expiresAt <= now)
    throw new AppError(
      410,
      'reset_link_expired',
      'This reset link has expired. Ask your administrator for a new one.',
    );
  requireAcceptablePassword(input.newPassword, [user.email, user.displayName ?? ''], 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    // Spent in the same statement that checks it, so two uses at once cannot both succeed.
    const spent = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, link.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (spent.length === 0) throw new AppError(410, 'reset_link_used', 'This reset link was already used.');
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
    const ended = await endPasswordSessions(tx, user.id, 'password_reset');
    const who = { userId: user.id, email: user.email, accountId: user.accountId, ip };
    await recordAudit(tx, ctx, who, {
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded: ended },
    });
  });
  return { email: user.email };
}
