import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../db/schema.ts';
import { endIdleSession } from './auth.ts';
import type { Actor, Ctx } from './context.ts';

/**
 * Checks again that the session or token an actor came with still lets it in as the same user,
 * account and role (live sockets hold an actor for hours). Answers until when the credential
 * lasts at most (null: no end of its own), `idle` when its session was left idle `idleMinutes`
 * (the session then ends), or undefined when it no longer holds.
 */
export async function recheckActor(
  ctx: Ctx,
  actor: Actor,
  idleMinutes: number,
): Promise<{ until: Date | null } | 'idle' | undefined> {
  if (actor.via === 'cli' || actor.via === 'system') return { until: null };
  const now = ctx.clock.now();
  let until: Date | null;
  let userId: string;
  if (actor.via === 'session' && actor.sessionHash) {
    const [s] = await ctx.db
      .select({
        userId: sessions.userId,
        expiresAt: sessions.expiresAt,
        seen: sql<Date>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`.mapWith(sessions.createdAt),
      })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, actor.sessionHash), gt(sessions.expiresAt, now)));
    if (!s) return undefined;
    const idleAt = s.seen.getTime() + idleMinutes * 60_000;
    if (now.getTime() >= idleAt) {
      await endIdleSession(ctx, actor.sessionHash, s.userId);
      return 'idle';
    }
    [userId, until] = [s.userId, new Date(Math.min(s.expiresAt.getTime(), idleAt))];
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

/**
 * Live edits are requests too: a session editing over its socket is not idle. Written at most
 * once a minute, like the last request over HTTP.
 */
export async function noteSessionActivity(ctx: Ctx, actor: Actor): Promise<void> {
  if (actor.via !== 'session' || !actor.sessionHash) return;
  const now = ctx.clock.now();
  await ctx.db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(sessions.tokenHash, actor.sessionHash),
        sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt}) <= ${new Date(now.getTime() - 60_000)}`,
      ),
    );
}
