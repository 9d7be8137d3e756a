import type { Role } from './roles.ts';

/**
 * Who may delete or recover which user (PRODUCT.md §1, §6): a super administrator any user but
 * itself; an account admin the users of its own account, never itself nor a super administrator.
 * Another account's user is "not found", never "forbidden" (accounts are walls).
 */
export type UserManagementRefusal = 'forbidden' | 'not_found' | 'self';

export function userManagementRefusal(
  actor: { userId: string; role: Role; accountId: string | null },
  target: { id: string; role: string; accountId: string | null },
): UserManagementRefusal | undefined {
  if (actor.role !== 'super-admin' && actor.role !== 'admin') return 'forbidden';
  if (actor.role === 'admin' && (target.accountId === null || target.accountId !== actor.accountId))
    return target.role === 'super-admin' ? 'forbidden' : 'not_found';
  if (target.id === actor.userId) return 'self';
  return undefined;
}

/** "30d", "30", "4w" → days; undefined when it is not a whole number of days or weeks. */
export function parseDays(text: string): number | undefined {
  const m = /^(\d{1,5})\s*([dw]?)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2]?.toLowerCase() === 'w' ? n * 7 : n;
}
