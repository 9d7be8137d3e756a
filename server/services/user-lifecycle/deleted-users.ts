import { and, asc, eq, isNull } from 'drizzle-orm';
import { accounts, users } from '../../db/schema.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { recoverableSql } from '../lifecycle/expiry.ts';
import { presentWhy } from '../lifecycle/markers.ts';
import { currentSettings } from '../settings.ts';
import { presentUser } from '../users-present.ts';

/**
 * The deleted users that can still be recovered, soonest expiry first: a super administrator sees
 * every account's, an account admin its own account's.
 */
export async function listDeletedUsers(ctx: Ctx, actor: Actor) {
  requireCapability(actor, 'users.manage');
  const { retentionMonths } = await currentSettings(ctx);
  const now = ctx.clock.now();
  const scope = actor.role === 'super-admin' ? undefined : eq(users.accountId, actor.accountId ?? '');
  const rows = await ctx.db
    .select({ user: users, accountName: accounts.name })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(recoverableSql(users.deletedAt, retentionMonths, now), isNull(users.removedAt), scope))
    .orderBy(asc(users.deletedAt), asc(users.id));
  const items = rows.map(({ user, accountName }) => {
    const deletedAt = user.deletedAt ?? now;
    return {
      ...presentUser(user, accountName),
      deletedAt: deletedAt.toISOString(),
      deletedBy: user.deletedBy,
      expiresAt: expiryOf(deletedAt, retentionMonths).toISOString(),
      ...presentWhy(user),
    };
  });
  return { items, total: items.length, page: 1, pageSize: items.length };
}
