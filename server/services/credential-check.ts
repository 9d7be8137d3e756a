import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../db/schema.ts';
import type { Actor, Ctx } from './context.ts';

/**
 * Checks again that the session or token an actor came with still lets it in as the same user,
 * account and role (live sockets hold an actor for hours). Answers until when the credential
 * lasts at most (null: no end of its own), or undefined when it no longer holds.
 */
export async function recheckActor(ctx: Ctx, actor: Actor): Promise<{ until: Date | null } | undefined> {
  if (actor.via === 'cli' || actor.via === 'system') return { until: null };
  const now = ctx.clock.now();
  let until: Date | null;
  let userId: string;
  if (actor.via === 'session' && actor.sessionHash) {
    const [s] = await ctx.db
      .select({ userId: sessions.userId, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, actor.sessionHash), gt(sessions.expiresAt, now)));
    if (!s) return undefined;
    [userId, until] = [s.userId, s.expiresAt];
  } else if (actor.via === 'token' && actor.tokenId) {
    const [tk] = await ctx.db
      .select({ userId: apiTokens.userId, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.id, actor.tokenId),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      );
    if (!tk) return undefined;
    [userId, until] = [tk.userId, tk.expiresAt];
  } else return undefined;
  const [user] = await ctx.db
    .select({ email: users.email, role: users.role, accountId: users.accountId })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  const same =
    user &&
    userId === actor.userId &&
    user.role === actor.role &&
    user.accountId === actor.accountId &&
    user.email === actor.email;
  return same ? { until } : undefined;
}
