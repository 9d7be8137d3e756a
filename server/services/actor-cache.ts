import type { Clock } from '../clock.ts';
import type { Authenticated } from './auth.ts';

/**
 * Who a session cookie or bearer token is, kept in process for a few seconds so a request does
 * not read the session or token and the user row each time. Every change to a user's access
 * announces itself (access-revocation.ts): this instance evicts the user at once, every instance
 * again when the database delivers the announcement on commit; `ttlMs` bounds what a lost
 * announcement (a command through the embedded database's socket, a listener reconnecting) can
 * keep alive. The credential's own end (expiry, idle point) is never passed.
 */
export class ActorCache {
  private readonly entries = new Map<string, { auth: Authenticated; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = ACTOR_CACHE_MS,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): Authenticated | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.clock.now().getTime() < hit.until) return hit.auth;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, auth: Authenticated): void {
    const now = this.clock.now().getTime();
    const until = Math.min(now + this.ttlMs, auth.validUntil?.getTime() ?? Number.POSITIVE_INFINITY);
    // Bounded: past the limit the oldest entries go (a Map iterates in insertion order).
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { auth, until });
  }

  evictUser(userId: string): void {
    for (const [key, hit] of this.entries) if (hit.auth.actor.userId === userId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** How long a cached actor is trusted without reading the database again. */
export const ACTOR_CACHE_MS = 5_000;
