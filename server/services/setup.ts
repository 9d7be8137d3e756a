import { count, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { conflict } from '../errors.ts';
import { recordAudit } from './audit.ts';
import type { Ctx } from './context.ts';
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

/**
 * Creates the first super administrator, only on a deployment with no users at all. No access
 * check can apply before anyone exists; the emptiness check under the lock is the guard.
 */
export async function completeSetup(ctx: Ctx, input: { email: string; password: string; ip: string | null }) {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    if (await hasUsers(tx)) {
      throw conflict('already_set_up', 'This deployment already has users. Sign in instead.');
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
