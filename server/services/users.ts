import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { userCreateBody } from '../../shared/schemas/admin.ts';
import type { Db } from '../db/client.ts';
import { accounts, users } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import { isUuid, requireCapability } from './access.ts';
import { isBeingDeleted } from './account-deletion/marker.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { isUniqueViolation } from './db-errors.ts';
import { storeResetLink } from './passwords/reset-links.ts';
import { hashPassword, NO_PASSWORD, requireAcceptablePassword } from './passwords.ts';
import { presentUser } from './users-present.ts';

type UserCreate = z.infer<typeof userCreateBody>;

export async function listUsers(ctx: Ctx, actor: Actor) {
  requireCapability(actor, 'users.manage');
  const scope = actor.role === 'super-admin' ? undefined : eq(users.accountId, actor.accountId ?? '');
  const rows = await ctx.db
    .select({ user: users, accountName: accounts.name })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(isNull(users.deletedAt), scope))
    .orderBy(asc(users.email));
  const items = rows.map((r) => presentUser(r.user, r.accountName));
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/**
 * A super administrator creates users anywhere (a super administrator, or a user of a named
 * account); an account admin only in its own account and never a super administrator. Without a
 * password the answer carries a one-time reset link for the new user to choose one; a password
 * chosen by the administrator must be changed at the user's first sign-in.
 */
export async function createUser(ctx: Ctx, actor: Actor, input: UserCreate) {
  requireCapability(actor, 'users.manage');
  let accountId: string | null;
  if (actor.role === 'super-admin') {
    if (input.role === 'super-admin') {
      if (input.accountId)
        throw invalid('A super administrator belongs to no account.', { accountId: 'Leave it out.' });
      accountId = null;
    } else {
      if (!input.accountId) throw invalid('Name the account of the new user.', { accountId: 'Required.' });
      accountId = input.accountId;
    }
  } else {
    if (input.role === 'super-admin')
      throw forbidden('Only a super administrator creates super administrators.');
    if (input.accountId && input.accountId !== actor.accountId) throw notFound('account');
    accountId = actor.accountId;
  }
  return ctx.db.transaction(async (tx) => {
    if (accountId) {
      if (!isUuid(accountId)) throw notFound('account');
      const [acc] = await tx.select().from(accounts).where(eq(accounts.id, accountId));
      // An account being deleted takes no one new: it is as good as gone.
      if (!acc || (await isBeingDeleted(tx, accountId))) throw notFound('account');
    }
    const mustChangePassword = input.password !== undefined;
    const user = await insertUser(tx, ctx, { ...input, accountId, mustChangePassword });
    const resetLink = mustChangePassword ? undefined : await storeResetLink(tx, ctx, actor, user.id);
    await recordAudit(tx, ctx, actor, {
      action: 'user.create',
      accountId,
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role, passwordBy: mustChangePassword ? 'admin' : 'user' },
    });
    return { user, resetLink };
  });
}

interface NewUser {
  email: string;
  /** Left out, the user has no password until it sets one through a reset link. */
  password?: string | undefined;
  /** Every request but the password change is refused until the user changes it. */
  mustChangePassword?: boolean;
  role: Role;
  displayName?: string;
  accountId: string | null;
}

const emailTaken = () => conflict('email_taken', 'A user with this e-mail already exists.');

/** Checks the password policy and e-mail uniqueness, then stores the user with an Argon2id hash. */
export async function insertUser(tx: Db, ctx: Pick<Ctx, 'clock'>, input: NewUser) {
  if (input.password !== undefined)
    requireAcceptablePassword(input.password, [input.email, input.displayName ?? '']);
  const email = input.email.trim().toLowerCase();
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  if (taken) throw emailTaken();
  const values = {
    id: randomUUID(),
    accountId: input.accountId,
    email,
    displayName: input.displayName ?? null,
    passwordHash: input.password === undefined ? NO_PASSWORD : await hashPassword(input.password),
    mustChangePassword: input.mustChangePassword ?? false,
    role: input.role,
    createdAt: ctx.clock.now(),
  };
  let row: typeof users.$inferSelect | undefined;
  try {
    [row] = await tx.insert(users).values(values).returning();
  } catch (err) {
    // Two requests with one e-mail at once both pass the check above: the unique index decides.
    if (isUniqueViolation(err, 'users_email_active')) throw emailTaken();
    throw err;
  }
  if (!row) throw new AppError(500, 'internal_error', 'The user was not stored.');
  const [acc] = input.accountId
    ? await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, input.accountId))
    : [];
  return presentUser(row, acc?.name ?? null);
}
