import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInFailures, users } from '../db/schema.ts';
import { isLocked, LOCKOUT_FAILURES, LOCKOUT_MS, lockAfter, windowStart } from '../domain/login-lockout.ts';
import { recordAudit } from './audit.ts';
import type { Ctx } from './context.ts';

interface Who {
  userId: string;
  email: string;
  accountId: string | null;
  ip: string | null;
}

/**
 * Whether the user's sign-in is locked. Locks the user's row until the transaction ends, so
 * concurrent attempts of one user are decided one after the other (none slips past the tenth).
 */
export async function signInLocked(tx: Db, ctx: Ctx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  return isLocked(row?.lockedUntil ?? null, ctx.clock.now());
}

/**
 * Counts a wrong password or second-factor code (call after signInLocked in the same
 * transaction). The tenth of the window locks the user for the full period (`auth.lockout`);
 * the failures counted so far are then cleared, so the count starts again after the lock.
 */
export async function countSignInFailure(tx: Db, ctx: Ctx, who: Who): Promise<void> {
  const now = ctx.clock.now();
  // Failures older than the window never count again.
  await tx
    .delete(signInFailures)
    .where(and(eq(signInFailures.userId, who.userId), lt(signInFailures.at, windowStart(now))));
  await tx.insert(signInFailures).values({ userId: who.userId, at: now });
  const [row] = await tx
    .select({ n: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.userId, who.userId), gte(signInFailures.at, windowStart(now))));
  const until = lockAfter(row?.n ?? 0, now);
  if (!until) return;
  await tx.update(users).set({ lockedUntil: until }).where(eq(users.id, who.userId));
  await tx.delete(signInFailures).where(eq(signInFailures.userId, who.userId));
  await recordAudit(tx, ctx, who, {
    action: 'auth.lockout',
    targetType: 'user',
    targetId: who.userId,
    details: { failures: LOCKOUT_FAILURES, minutes: LOCKOUT_MS / 60_000 },
  });
}

/** A successful sign-in forgets the failures before it. */
export async function clearSignInFailures(tx: Db, userId: string): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.userId, userId));
}
