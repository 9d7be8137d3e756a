import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { LIVE_CHANNEL } from './access-revocation.ts';
import type { Settings } from './settings.ts';

/**
 * The deployment's settings kept in process for a few seconds, so a request does not read the
 * settings row each time. Every change announces itself (`announceSettingsChanged`): this instance
 * forgets at once, every instance again when the database delivers the announcement on commit;
 * `ttlMs` bounds what a lost announcement can keep alive. Reads inside a writing transaction never
 * use it: a rule that decides a change (the policy, the retention) reads the row.
 */
export class SettingsCache {
  private held: { settings: Settings; until: number } | undefined;
  /** Moves on every forget: a read that started before it must not store what it found. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = SETTINGS_CACHE_MS,
  ) {}

  async get(read: () => Promise<Settings>): Promise<Settings> {
    const now = this.clock.now().getTime();
    if (this.held && now < this.held.until) return this.held.settings;
    const generation = this.generation;
    const settings = await read();
    if (generation === this.generation) this.held = { settings, until: now + this.ttlMs };
    return settings;
  }

  forget(): void {
    this.held = undefined;
    this.generation++;
  }
}

/** How long cached settings are trusted without reading the row again. */
export const SETTINGS_CACHE_MS = 5_000;

const localListeners = new Set<() => void>();

/** Called in this process for every announcement, before its commit (the caches' forgetting). */
export function onSettingsAnnounced(listener: () => void): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

/**
 * "The settings changed": call it inside the transaction that changed them. The database delivers
 * it to every instance when the transaction commits (never if it rolls back).
 */
export async function announceSettingsChanged(tx: Db): Promise<void> {
  // Forgotten here at once and again on commit: a request in between may have cached the old row.
  for (const listener of localListeners) listener();
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ type: 'settings' })})`);
}
