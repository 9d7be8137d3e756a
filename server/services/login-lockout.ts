import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { LOCKOUT_FAILURES, lockoutState } from '../domain/login-lockout.ts';
import type { Ctx } from './context.ts';

const ACTIONS = ['auth.login', 'auth.login_failed', 'auth.lockout'];

/**
 * The user's sign-in state, read from the audit trail (no table of its own): its last sign-in
 * events by the actor index. `lockNow` says whether one more wrong password locks the user.
 */
export async function signInLock(ctx: Ctx, userId: string) {
  const rows = await ctx.db
    .select({ action: auditEvents.action, at: auditEvents.at, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), inArray(auditEvents.action, ACTIONS)))
    .orderBy(desc(auditEvents.seq))
    .limit(LOCKOUT_FAILURES * 3);
  const events = rows.map((r) => ({
    action: r.action,
    at: r.at,
    reason: (r.details as { reason?: string } | null)?.reason,
  }));
  const state = lockoutState(events, ctx.clock.now());
  return { locked: state.locked, lockNow: state.failures + 1 >= LOCKOUT_FAILURES };
}
