import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';

/**
 * Ends the user's sessions after its password changed, all of them or all but the one that made
 * the change. The one place a password change ends sign-ins: open live sockets are told here too
 * once access changes are announced.
 */
export async function endPasswordSessions(tx: Db, userId: string, keepSessionHash?: string) {
  const others = keepSessionHash ? ne(sessions.tokenHash, keepSessionHash) : undefined;
  const ended = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), others))
    .returning({ tokenHash: sessions.tokenHash });
  return ended.length;
}
