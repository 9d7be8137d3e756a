import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type AccessEndReason, LIVE_CHANNEL } from '../services/access-revocation.ts';

/** A message about a change that every server instance must pass on to its WebSocket clients. */
export interface LiveMessage {
  /** The entry changed, or the lesion (exactly one of the two). */
  entryId?: string;
  lesionId?: string;
  accountId: string;
  version: number;
  by: string;
  byEmail: string;
  changes: Record<string, unknown>;
  /** The instance that published it (it has already delivered it locally). */
  origin: string;
}

/**
 * Entries that stopped being active (deleted, or removed for good). The database sends these itself
 * when the deleting transaction commits (migration 0009_live_closed.sql), whatever deleted them.
 */
export interface ClosedMessage {
  type: 'closed';
  reason: 'deleted' | 'removed';
  accountId: string;
  entryIds: string[];
}

/** A user's access changed (services/access-revocation.ts): its sockets are checked again. */
export interface AccessMessage {
  type: 'access';
  userId: string;
  reason: AccessEndReason;
}

/** The deployment's settings changed (services/settings-cache.ts): cached settings are forgotten. */
export interface SettingsMessage {
  type: 'settings';
}

export interface Fanout {
  publish(message: LiveMessage): Promise<void>;
  onMessage(handler: (message: LiveMessage) => void): void;
  onClosed(handler: (message: ClosedMessage) => void): void;
  onAccess(handler: (message: AccessMessage) => void): void;
  onSettings(handler: (message: SettingsMessage) => void): void;
  close(): Promise<void>;
}

const CHANNEL = LIVE_CHANNEL;

const typeOf = (m: unknown) =>
  typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
const isClosed = (m: unknown): m is ClosedMessage => typeOf(m) === 'closed';
const isAccess = (m: unknown): m is AccessMessage =>
  typeOf(m) === 'access' && typeof (m as { userId?: unknown }).userId === 'string';
const isSettings = (m: unknown): m is SettingsMessage => typeOf(m) === 'settings';

/**
 * One process (the embedded database): changes are delivered in-process; closures come from the
 * engine's own notifications (statements sent by a command through the local socket are answered
 * on that socket, so those closures reach editors at their next edit instead).
 */
export class LocalFanout implements Fanout {
  private readonly events = new EventEmitter();
  private unlisten: (() => Promise<void>) | undefined;

  static async start(pglite: PGlite | undefined) {
    const fanout = new LocalFanout();
    if (pglite) fanout.unlisten = await pglite.listen(CHANNEL, (payload) => fanout.closed(payload));
    return fanout;
  }

  private closed(payload: string) {
    try {
      const message: unknown = JSON.parse(payload);
      if (isClosed(message)) this.events.emit('closed', message);
      else if (isAccess(message)) this.events.emit('access', message);
      else if (isSettings(message)) this.events.emit('settings', message);
    } catch {
      // Not ours: dropped.
    }
  }

  async publish(message: LiveMessage) {
    this.events.emit('message', message);
  }
  onMessage(handler: (message: LiveMessage) => void) {
    this.events.on('message', handler);
  }
  onClosed(handler: (message: ClosedMessage) => void) {
    this.events.on('closed', handler);
  }
  onAccess(handler: (message: AccessMessage) => void) {
    this.events.on('access', handler);
  }
  onSettings(handler: (message: SettingsMessage) => void) {
    this.events.on('settings', handler);
  }
  async close() {
    this.events.removeAllListeners();
    await this.unlisten?.().catch(() => undefined);
  }
}

// NOTIFY payloads are limited to 8000 bytes; larger changes travel as a pointer to the version.
const MAX_PAYLOAD = 7000;

/**
 * Several instances on one PostgreSQL server: LISTEN/NOTIFY carries each change to every instance,
 * with no extra server. A dedicated connection listens and reconnects if it drops.
 */
export class PostgresFanout implements Fanout {
  private readonly events = new EventEmitter();
  private listener: pg.Client | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly loadChanges: (
      record: { entryId?: string; lesionId?: string },
      version: number,
    ) => Promise<Record<string, unknown>>,
  ) {}

  static async start(url: string, pool: pg.Pool, loadChanges: PostgresFanout['loadChanges']) {
    const fanout = new PostgresFanout(url, pool, loadChanges);
    await fanout.listen();
    return fanout;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      void this.deliver(n.payload);
    });
    client.on('error', () => {
      this.listener = undefined;
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.listener = client;
  }

  private async deliver(payload: string) {
    try {
      const parsed: unknown = JSON.parse(payload);
      if (isClosed(parsed)) {
        this.events.emit('closed', parsed);
        return;
      }
      if (isAccess(parsed)) {
        this.events.emit('access', parsed);
        return;
      }
      if (isSettings(parsed)) {
        this.events.emit('settings', parsed);
        return;
      }
      const message = parsed as LiveMessage & { truncated?: boolean };
      if (message.truncated) message.changes = await this.loadChanges(message, message.version);
      this.events.emit('message', message);
    } catch {
      // A malformed or unloadable notification is dropped; clients catch up on their next read.
    }
  }

  async publish(message: LiveMessage) {
    let payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD)
      payload = JSON.stringify({ ...message, changes: {}, truncated: true });
    // Named: every live edit sends one, so each connection plans it once.
    await this.pool.query({
      name: 'live_notify',
      text: 'select pg_notify($1, $2)',
      values: [CHANNEL, payload],
    });
  }

  onMessage(handler: (message: LiveMessage) => void) {
    this.events.on('message', handler);
  }

  onClosed(handler: (message: ClosedMessage) => void) {
    this.events.on('closed', handler);
  }
  onAccess(handler: (message: AccessMessage) => void) {
    this.events.on('access', handler);
  }
  onSettings(handler: (message: SettingsMessage) => void) {
    this.events.on('settings', handler);
  }

  async close() {
    this.closed = true;
    this.events.removeAllListeners();
    await this.listener?.end().catch(() => undefined);
  }
}
