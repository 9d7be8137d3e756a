import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, apiTokens, sessions, users } from '../../db/schema.ts';
import { oauthClients } from '../../db/schema-oauth.ts';
import { userManagementRefusal } from '../../domain/user-management.ts';
import { forbidden, notFound } from '../../errors.ts';
import { isUuid } from '../access.ts';
import type { Actor } from '../context.ts';
import { redactActivity } from '../lifecycle/activity.ts';
import {
  type Destruction,
  permanentDeletion,
  recordDestroyedUsers,
} from '../lifecycle/destruction-record.ts';

/**
 * The user this actor may delete or recover, locked for the transaction: 404 when it does not
 * exist, was removed for good, or belongs to another account; 403 for itself or a super admin.
 */
export async function requireManagedUser(tx: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('user');
  const [row] = await tx
    .select({ user: users, accountName: accounts.name })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.id, id))
    .for('update', { of: users });
  if (!row || row.user.removedAt) throw notFound('user');
  const refusal = userManagementRefusal(actor, row.user);
  if (refusal === 'not_found') throw notFound('user');
  if (refusal === 'self') throw forbidden('You cannot delete or recover your own user.');
  if (refusal) throw forbidden();
  return row;
}

/** Ends every way the user had in: sessions go, API tokens and OAuth clients are revoked. */
export async function revokeAccess(tx: Db, userId: string, now: Date) {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  await tx
    .update(oauthClients)
    .set({ revokedAt: now })
    .where(and(eq(oauthClients.userId, userId), isNull(oauthClients.revokedAt)));
  await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/**
 * Removes a user for good. The row itself stays, because records of the account still name its id
 * (who created or deleted a patient, who changed a version, who did what in the audit trail):
 * everything that identifies the person is emptied (e-mail, name, password, two-factor secret),
 * its access is revoked and its own activity log redacted, and `removed_at` marks it gone
 * (it never signs in, is never listed and cannot be recovered; reads answer 404).
 */
export async function removeUserForGood(
  tx: Db,
  userId: string,
  now: Date,
  destruction: Destruction = permanentDeletion(now),
): Promise<boolean> {
  await revokeAccess(tx, userId, now);
  await redactActivity(tx, now, { targetIds: [userId] });
  const rows = await tx
    .update(users)
    .set({
      email: `removed-${userId}@invalid`,
      displayName: null,
      passwordHash: '!removed',
      totpSecret: null,
      removedAt: now,
    })
    .where(and(eq(users.id, userId), isNull(users.removedAt)))
    .returning({ id: users.id });
  await recordDestroyedUsers(
    tx,
    destruction,
    rows.map((r) => r.id),
  );
  return rows.length > 0;
}
