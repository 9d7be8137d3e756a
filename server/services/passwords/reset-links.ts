import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { passwordResets } from '../../db/schema-passwords.ts';
import { forbidden, notFound } from '../../errors.ts';
import { requireCapability } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { newSecret, secretHash } from '../tokens.ts';
import { requireManagedUser } from '../user-lifecycle/managed-user.ts';

/** How long a reset link works: a working day's slack for the person it is handed to. */
export const RESET_LINK_HOURS = 24;

/** The web page a reset link opens; the token rides in the fragment, which no server log sees. */
export const resetUrl = (origin: string, token: string) => `${origin}/reset-password#token=${token}`;

export interface ResetLink {
  token: string;
  expiresAt: Date;
}

/**
 * Stores a fresh one-time link for the user (only its hash), replacing the user's earlier
 * unused links: the newest link handed out is the only one that works.
 */
export async function storeResetLink(tx: Db, ctx: Pick<Ctx, 'clock'>, actor: Actor, userId: string) {
  const token = newSecret('');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
  await tx
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
  await tx.insert(passwordResets).values({
    id: randomUUID(),
    tokenHash: secretHash(token),
    userId,
    createdBy: actor.userId,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt } satisfies ResetLink;
}

/**
 * `POST /api/users/{id}/password-reset`: an account admin for the users of its account, a super
 * administrator for anyone (another account's user is not found). One's own password is changed
 * with the current one instead. Issuing a link changes nothing else: the old password works
 * until the link is used.
 */
export async function issuePasswordReset(ctx: Ctx, actor: Actor, id: string): Promise<ResetLink> {
  requireCapability(actor, 'users.manage');
  if (id === actor.userId) throw forbidden('Change your own password on the My security page.');
  return ctx.db.transaction(async (tx) => {
    const { user } = await requireManagedUser(tx, actor, id);
    if (user.deletedAt) throw notFound('user');
    return issueFor(tx, ctx, actor, user);
  });
}

/** The command line's `vellum users reset-password --email E`: the operator, for any active user. */
export async function issuePasswordResetByEmail(ctx: Ctx, actor: Actor, email: string) {
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
    if (!user) throw notFound('user with this e-mail');
    return issueFor(tx, ctx, actor, user);
  });
}

async function issueFor(tx: Db, ctx: Ctx, actor: Actor, user: typeof users.$inferSelect) {
  const link = await storeResetLink(tx, ctx, actor, user.id);
  await recordAudit(tx, ctx, actor, {
    action: 'auth.password_reset_issued',
    accountId: user.accountId,
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, expiresAt: link.expiresAt.toISOString() },
  });
  return link;
}
