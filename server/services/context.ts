import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Role } from '../domain/roles.ts';
import type { SettingsCache } from './settings-cache.ts';

/** What every use case needs from the outside world. */
export interface Ctx {
  db: Db;
  clock: Clock;
  /** The serving app's cached settings (settings-cache.ts); tools without one read the row. */
  settings?: SettingsCache;
}

/** Who is asking, and from where. Built by the auth layer; services decide what it may do. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Null for super administrators. */
  accountId: string | null;
  via: 'session' | 'token' | 'cli' | 'system';
  sessionHash?: string;
  /** The API token (personal or an OAuth client's) the request came with. */
  tokenId?: string;
  /** SMART scopes of an OAuth client's access token; absent: the user's own rights. */
  scopes?: string[];
  ip?: string | null;
}

/** The operator at the command line: acts as a super administrator. */
export const cliActor = (): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'cli',
  role: 'super-admin',
  accountId: null,
  via: 'cli',
  ip: 'local',
});

/** The server itself (the daily cleanup): acts as a super administrator, logged as the system. */
export const systemActor = (): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'system',
  role: 'super-admin',
  accountId: null,
  via: 'system',
  ip: null,
});
