import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { accounts, apiTokens, sessions, users } from '../db/schema.ts';
import { isRole } from '../domain/roles.ts';
import { unauthorized } from '../errors.ts';
import { announceAccessRevoked } from './access-revocation.ts';
import { recordAudit, recordAuditAlone } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { clearSignInFailures, countSignInFailure, signInLocked } from './login-lockout.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { API_TOKEN_PREFIX, newSecret, secretHash } from './tokens.ts';
import { checkSignInCode } from './totp.ts';
import { presentUser } from './users-present.ts';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
  ip: string | null;
  userAgent: string | null;
  ttlHours: number;
  /** The session cookie the browser sent along, if any: ended, so a sign-in always rotates it. */
  replaces?: string | undefined;
}

const WRONG = 'Wrong e-mail or password.';
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Checks the password; on success opens a new session (a fresh id at every sign-in). */
export async function login(ctx: Ctx, input: LoginInput) {
  const email = normalizeEmail(input.email);
  const [row] = await ctx.db
    .select({ user: users, accountName: accounts.name })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  // An unknown e-mail costs one hash check too, so timing does not reveal which e-mails exist.
  const ok = await verifyPassword(row ? row.user.passwordHash : await dummyPasswordHash(), input.password);
  const who = { userId: row?.user.id ?? null, email, accountId: row?.user.accountId ?? null, ip: input.ip };
  if (!row) {
    await recordAuditAlone(ctx, who, { action: 'auth.login_failed', details: { reason: 'unknown_user' } });
    throw unauthorized(WRONG);
  }
  const user = { ...who, userId: row.user.id };
  // A locked user is refused like a wrong password, even with the right one and a valid code:
  // nothing is revealed, and nothing sent while locked counts or shortens the lock.
  const refused = await ctx.db.transaction(async (tx) => {
    const reason = (await signInLocked(tx, ctx, user.userId)) ? 'locked' : ok ? undefined : 'wrong_password';
    if (!reason) return false;
    await recordAudit(tx, ctx, user, { action: 'auth.login_failed', details: { reason } });
    if (reason === 'wrong_password') await countSignInFailure(tx, ctx, user);
    return true;
  });
  if (refused) throw unauthorized(WRONG);
  await checkSignInCode(ctx, row.user, input.totp, { email, ip: input.ip });
  const token = newSecret('');
  const csrfToken = newSecret('');
  const now = ctx.clock.now();
  const opened = await ctx.db.transaction(async (tx) => {
    // Locked meanwhile (by wrong codes sent alongside this one): refused like the rest.
    if (await signInLocked(tx, ctx, user.userId)) return false;
    await clearSignInFailures(tx, user.userId);
    if (input.replaces) {
      const [replaced] = await tx
        .delete(sessions)
        .where(eq(sessions.tokenHash, secretHash(input.replaces)))
        .returning({ userId: sessions.userId });
      // The replaced session ends like a sign-out: cached on any instance or holding a socket, it stops.
      if (replaced) await announceAccessRevoked(tx, replaced.userId, 'signed_out');
    }
    await tx.insert(sessions).values({
      tokenHash: secretHash(token),
      userId: row.user.id,
      csrfToken,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.ttlHours * 3600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(
      tx,
      ctx,
      { userId: row.user.id, email, accountId: row.user.accountId, ip: input.ip },
      { action: 'auth.login', targetType: 'user', targetId: row.user.id },
    );
    return true;
  });
  if (!opened) {
    await recordAuditAlone(ctx, user, { action: 'auth.login_failed', details: { reason: 'locked' } });
    throw unauthorized(WRONG);
  }
  return { token, csrfToken, user: presentUser(row.user, row.accountName) };
}

export async function logout(ctx: Ctx, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (actor.sessionHash) await tx.delete(sessions).where(eq(sessions.tokenHash, actor.sessionHash));
    await announceAccessRevoked(tx, actor.userId, 'signed_out');
    await recordAudit(tx, ctx, actor, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
  });
}

/** "End all my sessions": every session of the user, this one included. */
export async function endAllSessions(ctx: Ctx, actor: Actor): Promise<{ ended: number }> {
  return ctx.db.transaction(async (tx) => {
    const ended = await tx.delete(sessions).where(eq(sessions.userId, actor.userId)).returning();
    await announceAccessRevoked(tx, actor.userId, 'sessions_ended');
    await recordAudit(tx, ctx, actor, {
      action: 'auth.sessions_ended',
      targetType: 'user',
      targetId: actor.userId,
      details: { count: ended.length },
    });
    return { ended: ended.length };
  });
}

export interface Authenticated {
  actor: Actor;
  csrfToken: string | null;
  /** An administrator chose the password: only changing it (and signing out) is allowed. */
  mustChangePassword: boolean;
  /** When the credential ends by itself (expiry, a session's idle point); null: no end of its own. */
  validUntil?: Date | null;
}

async function actorFor(ctx: Ctx, userId: string) {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!row || !isRole(row.role)) return undefined;
  return row;
}

/** Ends a session left idle; its live sockets, on every instance, close with `idle`. */
export async function endIdleSession(ctx: Ctx, hash: string, userId: string) {
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, hash));
    await announceAccessRevoked(tx, userId, 'idle');
  });
}

/**
 * The session of this cookie, unless it expired or was left idle `idleMinutes` (then it ends).
 * The last request is written at most once a minute, not on every request.
 */
export async function authenticateSession(ctx: Ctx, token: string, ip: string | null, idleMinutes: number) {
  const hash = secretHash(token);
  const now = ctx.clock.now();
  const [s] = await ctx.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)));
  if (!s) return undefined;
  const seen = (s.lastSeenAt ?? s.createdAt).getTime();
  if (now.getTime() - seen >= idleMinutes * 60_000) {
    await endIdleSession(ctx, hash, s.userId);
    return undefined;
  }
  const user = await actorFor(ctx, s.userId);
  if (!user || !isRole(user.role)) return undefined;
  if (now.getTime() - seen >= 60_000)
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash));
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: user.role,
    accountId: user.accountId,
    via: 'session',
    sessionHash: hash,
    ip,
  };
  const lastSeen = now.getTime() - seen >= 60_000 ? now.getTime() : seen;
  return {
    actor,
    csrfToken: s.csrfToken,
    mustChangePassword: user.mustChangePassword,
    // The idle point, and before it the minute after which the last request is written again.
    validUntil: new Date(Math.min(s.expiresAt.getTime(), lastSeen + idleMinutes * 60_000, lastSeen + 60_000)),
  } satisfies Authenticated;
}

export async function authenticateToken(ctx: Ctx, token: string, ip: string | null) {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const [t] = await ctx.db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, secretHash(token)),
        isNull(apiTokens.revokedAt),
        // Access tokens of OAuth clients expire after an hour; personal tokens when set to.
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, ctx.clock.now())),
      ),
    );
  if (!t) return undefined;
  const user = await actorFor(ctx, t.userId);
  // The last use, written at most once a minute per token (not on every request).
  const now = ctx.clock.now();
  if (user && (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() >= 60_000))
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
  if (!user || !isRole(user.role)) return undefined;
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: user.role,
    accountId: user.accountId,
    via: 'token',
    tokenId: t.id,
    ip,
    ...(t.scopes ? { scopes: t.scopes.split(' ') } : {}),
  };
  return {
    actor,
    csrfToken: null,
    mustChangePassword: user.mustChangePassword,
    validUntil: t.expiresAt,
  } satisfies Authenticated;
}

export const DEFAULT_TOKEN_DAYS = 90;

/**
 * A personal API token: shown once, stored as a hash, acts with its user's rights until it
 * expires (after `expiresInDays`, 90 by default; null: never) or is revoked.
 */
export async function createApiToken(
  ctx: Ctx,
  actor: Actor,
  name: string,
  expiresInDays: number | null = DEFAULT_TOKEN_DAYS,
) {
  const token = newSecret(API_TOKEN_PREFIX);
  const id = randomUUID();
  const createdAt = ctx.clock.now();
  const expiresAt =
    expiresInDays === null ? null : new Date(createdAt.getTime() + expiresInDays * 86_400_000);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(apiTokens)
      .values({ id, userId: actor.userId, name, tokenHash: secretHash(token), createdAt, expiresAt });
    await recordAudit(tx, ctx, actor, {
      action: 'auth.token_created',
      targetType: 'token',
      targetId: id,
      details: { name, expiresInDays },
    });
  });
  return { token, id, name, createdAt: createdAt.toISOString(), expiresAt: expiresAt?.toISOString() ?? null };
}

export async function currentUser(ctx: Ctx, actor: Actor) {
  const [row] = await ctx.db
    .select({ user: users, accountName: accounts.name })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.id, actor.userId));
  if (!row) throw unauthorized();
  return presentUser(row.user, row.accountName);
}
