import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import {
  acceptedStep,
  enabledValue,
  newTotpSecret,
  parseTotp,
  pendingValue,
  type TotpState,
  totpUri,
} from '../domain/totp.ts';
import { AppError, conflict, unauthorized } from '../errors.ts';
import { recordAudit, recordAuditAlone } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { countSignInFailure, signInLocked } from './login-lockout.ts';
import { verifyPassword } from './passwords.ts';

// TOTP two-factor for the signed-in user: set up (pending), enable with a code, disable with the
// password or a code. The stored value and its states are described in domain/totp.ts.

type UserRow = typeof users.$inferSelect;

async function ownRow(ctx: Ctx, actor: Actor): Promise<UserRow> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!row || row.deletedAt) throw unauthorized();
  return row;
}

/** Every signed-in user (any role) manages its own second factor; the operator and the system have none. */
function requireUser(actor: Actor) {
  if (actor.via !== 'session' && actor.via !== 'token') throw unauthorized();
}

const invalidCode = () => new AppError(422, 'totp_invalid', 'The code is not valid. Try the current one.');

/**
 * Replaces the stored value only if nobody changed it since it was read: a code accepted by one
 * request (or instance) cannot be accepted by another.
 */
async function swap(ctx: Ctx, userId: string, from: string | null, to: string | null): Promise<boolean> {
  if (from === null) return false;
  const rows = await ctx.db
    .update(users)
    .set({ totpSecret: to })
    .where(and(eq(users.id, userId), eq(users.totpSecret, from)))
    .returning({ id: users.id });
  return rows.length === 1;
}

async function auditFailedCode(ctx: Ctx, actor: Actor, during: 'enable' | 'disable') {
  await recordAuditAlone(ctx, actor, {
    action: 'auth.totp_failed',
    targetType: 'user',
    targetId: actor.userId,
    details: { during },
  });
}

export async function totpStatus(ctx: Ctx, actor: Actor) {
  requireUser(actor);
  const state = parseTotp((await ownRow(ctx, actor)).totpSecret);
  return { enabled: state.status === 'enabled', pending: state.status === 'pending' };
}

/** A new secret, kept as pending until a code confirms it; a second setup replaces the first. */
export async function setupTotp(ctx: Ctx, actor: Actor) {
  requireUser(actor);
  const row = await ownRow(ctx, actor);
  if (parseTotp(row.totpSecret).status === 'enabled') {
    throw conflict('totp_enabled', 'Two-factor sign-in is already on. Turn it off first.');
  }
  const secret = newTotpSecret();
  await ctx.db
    .update(users)
    .set({ totpSecret: pendingValue(secret) })
    .where(eq(users.id, row.id));
  return { secret, uri: totpUri(secret, row.email) };
}

export async function enableTotp(ctx: Ctx, actor: Actor, code: string) {
  requireUser(actor);
  const row = await ownRow(ctx, actor);
  const state = parseTotp(row.totpSecret);
  if (state.status !== 'pending') {
    throw conflict('totp_not_pending', 'Set up two-factor sign-in first (or it is already on).');
  }
  const step = acceptedStep(state.secret, code, ctx.clock.now());
  if (step === null) {
    await auditFailedCode(ctx, actor, 'enable');
    throw invalidCode();
  }
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(users)
      .set({ totpSecret: enabledValue(state.secret, step) })
      .where(and(eq(users.id, row.id), eq(users.totpSecret, pendingValue(state.secret))))
      .returning({ id: users.id });
    if (done.length !== 1) throw conflict('totp_not_pending', 'The set-up changed meanwhile. Start again.');
    await recordAudit(tx, ctx, actor, { action: 'auth.totp_enabled', targetType: 'user', targetId: row.id });
  });
  return { enabled: true, pending: false };
}

/** Turning the second factor off needs the password or a current code, not just a session. */
export async function disableTotp(ctx: Ctx, actor: Actor, input: { password?: string; code?: string }) {
  requireUser(actor);
  const row = await ownRow(ctx, actor);
  const state = parseTotp(row.totpSecret);
  if (state.status === 'off') return { enabled: false, pending: false };
  if (state.status === 'enabled') {
    if (input.password !== undefined) {
      if (!(await verifyPassword(row.passwordHash, input.password))) {
        await auditFailedCode(ctx, actor, 'disable');
        throw new AppError(422, 'wrong_password', 'The password is not right.');
      }
    } else {
      const ok = acceptedStep(state.secret, input.code ?? '', ctx.clock.now(), state.lastStep) !== null;
      if (!ok) {
        await auditFailedCode(ctx, actor, 'disable');
        throw invalidCode();
      }
    }
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null }).where(eq(users.id, row.id));
    if (state.status === 'enabled') {
      await recordAudit(tx, ctx, actor, {
        action: 'auth.totp_disabled',
        targetType: 'user',
        targetId: row.id,
      });
    }
  });
  return { enabled: false, pending: false };
}

/**
 * At sign-in, after the password: nothing to do unless TOTP is on; then a fresh, valid code is
 * needed. Wrong and replayed codes are failed sign-ins in the audit trail.
 */
export async function checkSignInCode(
  ctx: Ctx,
  user: UserRow,
  code: string | undefined,
  who: { email: string; ip: string | null },
) {
  const state: TotpState = parseTotp(user.totpSecret);
  if (state.status !== 'enabled') return;
  if (!code) throw new AppError(401, 'totp_required', 'Enter the code from your authenticator app.');
  const step = acceptedStep(state.secret, code, ctx.clock.now(), state.lastStep);
  if (step === null || !(await swap(ctx, user.id, user.totpSecret, enabledValue(state.secret, step)))) {
    const actor = { userId: user.id, email: who.email, accountId: user.accountId, ip: who.ip };
    // A wrong code counts towards the lockout like a wrong password.
    await ctx.db.transaction(async (tx) => {
      // The user's row first, then the audit trail: the order the sign-in takes them in.
      const locked = await signInLocked(tx, ctx, user.id);
      await recordAudit(tx, ctx, actor, { action: 'auth.login_failed', details: { reason: 'totp_invalid' } });
      if (!locked) await countSignInFailure(tx, ctx, actor);
    });
    throw new AppError(401, 'totp_invalid', 'The authenticator code is not valid.');
  }
}
