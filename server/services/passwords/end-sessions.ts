import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';
import { announceAccessRevoked } from '../access-revocation.ts';

/**
 * Ends the user's sessions after its password changed, all of them or all but the one that made
 * the change. The one place a password change ends sign-ins; the user's open live sockets are
 * checked again on every instance when the transaction commits.
 */
export async function endPasswordSessions(
  tx: Db,
  userId: string,
  reason: 'password_changed' | 'password_reset',
  keepSessionHash?: string,
) {
  const others = keepSessionHash ? ne(sessions.tokenHash, keepSessionHash) : undefined;
  const ended = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), others))
    .returning({ tokenHash: sessions.tokenHash });
  await announceAccessRevoked(tx, userId, reason);
  return ended.length;
}
