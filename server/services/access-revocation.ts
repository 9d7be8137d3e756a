import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** Why a user's access (or one of its ways in) ended; live sockets are told this word. */
export type AccessEndReason =
  | 'user_deleted'
  | 'user_restored'
  | 'token_revoked'
  | 'client_revoked'
  | 'signed_out'
  | 'sessions_ended'
  | 'idle'
  | 'password_changed'
  | 'password_reset'
  | 'role_changed'
  | 'account_deleted';

const localListeners = new Set<(userId: string) => void>();

/** Called in this process for every announcement, before its commit (the actor cache's eviction). */
export function onAccessAnnounced(listener: (userId: string) => void): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

/** The channel live editing listens on (server/live/fanout.ts). */
export const LIVE_CHANNEL = 'vellum_live';

/**
 * "This user's access changed": call it inside the transaction that changed it. The database
 * delivers the announcement to every server instance when the transaction commits (never if it
 * rolls back); each instance then checks the credentials of that user's live sockets again and
 * closes, with this reason, those no longer valid or no longer the same user and role.
 */
export async function announceAccessRevoked(tx: Db, userId: string, reason: AccessEndReason) {
  // This instance forgets the user's cached actors at once; the notification does it again on
  // commit, here and on every other instance (a request in between may have cached the old one).
  for (const listener of localListeners) listener(userId);
  const payload = JSON.stringify({ type: 'access', userId, reason });
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
}
