import { count, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { setupCodeFrom, setupCodeMatches } from '../domain/setup-code.ts';
import { AppError, conflict } from '../errors.ts';
import { recordAudit } from './audit.ts';
import type { Ctx } from './context.ts';
import { auditKey } from './evidence/deployment-keys.ts';
import { insertUser } from './users.ts';

// Two first-run requests at once: the second waits here and then finds a user.
const SETUP_LOCK = 7_411_010;

/** Deleted users count too: a deployment that ever had a user is set up. */
async function hasUsers(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

export async function setupStatus(ctx: Ctx) {
  return { needed: !(await hasUsers(ctx.db)) };
}

/** The code this deployment's first run asks for (domain/setup-code.ts: derived, never stored). */
export const currentSetupCode = () => setupCodeFrom(auditKey());

/**
 * Creates the first super administrator, only on a deployment with no users at all. No access
 * check can apply before anyone exists; the emptiness check under the lock is the guard.
 */
export async function completeSetup(
  ctx: Ctx,
  input: { setupCode: string; email: string; password: string; ip: string | null },
) {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    if (await hasUsers(tx)) {
      throw conflict('already_set_up', 'This deployment already has users. Sign in instead.');
    }
    if (!setupCodeMatches(input.setupCode, currentSetupCode())) {
      throw new AppError(
        403,
        'wrong_setup_code',
        'The setup code is wrong. It is in the server log at start, or run `vellum setup-code`.',
        { fields: { setupCode: 'The setup code is wrong.' } },
      );
    }
    const user = await insertUser(tx, ctx, {
      email: input.email,
      password: input.password,
      role: 'super-admin',
      accountId: null,
    });
    await recordAudit(
      tx,
      ctx,
      { userId: user.id, email: user.email, accountId: null, ip: input.ip },
      { action: 'setup.complete', accountId: null, targetType: 'user', targetId: user.id },
    );
    return { user };
  });
}
