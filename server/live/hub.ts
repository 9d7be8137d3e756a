import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { textInputProblems, textRefusalMessage } from '../domain/text-input.ts';
import { AppError, invalid } from '../errors.ts';
import { requireAccount } from '../services/access.ts';
import type { Actor, Ctx } from '../services/context.ts';
import { noteSessionActivity, recheckActor } from '../services/credential-check.ts';
import { presentOne } from '../services/entries/change-entry.ts';
import { requireActiveEntry } from '../services/entries/find.ts';
import { livePatch } from '../services/entries/live-patch.ts';
import type { PresentedEntry } from '../services/entries/present.ts';
import { livePatchLesion } from '../services/lesions/live-patch-lesion.ts';
import type { PresentedLesion } from '../services/lesions/present.ts';
import { getLesion } from '../services/lesions/read-lesions.ts';
import type { ClosedMessage, Fanout, LiveMessage } from './fanout.ts';
import { type ClientMessage, clientMessage, normalized, topicOf } from './messages.ts';

interface Client {
  socket: WebSocket;
  actor: Actor;
  /** The records this socket follows: entry ids, and lesions as `lesion:{id}` (messages.ts). */
  entries: Set<string>;
  /** Until then (the clock's milliseconds) the credential counts as checked. */
  checkedUntil: number;
  ended: boolean;
}

/**
 * How long a socket's credential counts as checked. Announcements (access-revocation.ts) end
 * sockets at once; this bounds how long one lost on the way (a listener reconnecting) can matter.
 */
export const ACCESS_RECHECK_MS = 10_000;
/** The close code of a socket whose access ended (after a `closed` message saying why). */
export const ACCESS_ENDED_CODE = 4401;

/**
 * The live-editing hub of one server instance: who has which entry or lesion open, the patches they
 * send, and the changes that reach them from this instance and, through the fan-out, from the others.
 */
export class LiveHub {
  readonly instanceId = randomUUID();
  private readonly subscribers = new Map<string, Set<Client>>();
  private readonly byUser = new Map<string, Set<Client>>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly ctx: Ctx,
    private readonly fanout: Fanout,
    /** VELLUM_SESSION_IDLE_MINUTES: a session's socket closes (`idle`) once the session is idle. */
    private readonly idleMinutes: number,
  ) {
    fanout.onMessage((m) => {
      if (m.origin !== this.instanceId) this.deliver(m, undefined);
    });
    // Every instance hears these from the database, this one included: nothing is sent locally.
    fanout.onClosed((m) => this.closeEntries(m));
    fanout.onAccess((m) => {
      for (const c of this.byUser.get(m.userId) ?? []) void this.recheck(c, m.reason);
    });
    // Sockets that only listen are checked too, not just those that send.
    this.sweep = setInterval(() => {
      const now = this.ctx.clock.now().getTime();
      for (const set of this.byUser.values())
        for (const c of set) if (now >= c.checkedUntil) void this.recheck(c, 'access_ended');
    }, ACCESS_RECHECK_MS);
    this.sweep.unref();
  }

  connect(socket: WebSocket, actor: Actor): void {
    const checkedUntil = this.ctx.clock.now().getTime() + ACCESS_RECHECK_MS;
    const client: Client = { socket, actor, entries: new Set(), checkedUntil, ended: false };
    const mine = this.byUser.get(actor.userId) ?? new Set();
    mine.add(client);
    this.byUser.set(actor.userId, mine);
    socket.on('message', (raw) => void this.receive(client, raw.toString()));
    socket.on('close', () => this.forget(client));
  }

  private forget(client: Client) {
    for (const id of client.entries) this.subscribers.get(id)?.delete(client);
    client.entries.clear();
    const mine = this.byUser.get(client.actor.userId);
    mine?.delete(client);
    if (mine?.size === 0) this.byUser.delete(client.actor.userId);
  }

  /** Checks the socket's credential again; if it no longer holds, says why and closes the socket. */
  private async recheck(client: Client, reason: string): Promise<boolean> {
    if (client.ended) return false;
    const result = await recheckActor(this.ctx, client.actor, this.idleMinutes).catch(
      () => 'failed' as const,
    );
    // A database hiccup is not a revocation: checked again at the next message.
    if (result === 'failed') return true;
    if (client.ended) return false;
    if (!result || result === 'idle') {
      client.ended = true;
      this.forget(client);
      this.send(client, { type: 'closed', reason: result ?? reason });
      client.socket.close(ACCESS_ENDED_CODE, reason);
      return false;
    }
    const now = this.ctx.clock.now().getTime();
    client.checkedUntil = Math.min(
      now + ACCESS_RECHECK_MS,
      result.until?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    return true;
  }

  /** Every message re-validates the actor: from memory while the last check holds, else again. */
  private async allowed(client: Client): Promise<boolean> {
    if (client.ended) return false;
    if (this.ctx.clock.now().getTime() < client.checkedUntil) return true;
    return this.recheck(client, 'access_ended');
  }

  private send(client: Client, message: Record<string, unknown>) {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }

  private async receive(client: Client, raw: string) {
    let requestId: string | undefined;
    try {
      if (raw.length > 1_000_000) throw new AppError(413, 'payload_too_large', 'The message is too large.');
      const parsed = clientMessage.safeParse(JSON.parse(raw));
      if (!parsed.success)
        throw new AppError(422, 'invalid_input', 'The message is not valid.', {
          issues: parsed.error.issues.slice(0, 5),
        });
      const msg = parsed.data;
      if (!(await this.allowed(client))) return;
      if (msg.type === 'patch') {
        requestId = msg.requestId;
        // The same rule as a PATCH over HTTP: nothing with control characters is stored.
        const fields = textInputProblems(msg.changes);
        if (Object.keys(fields).length > 0) throw invalid(textRefusalMessage(fields), fields);
      }
      if ('lesionId' in msg) {
        await this.receiveLesion(client, msg);
        return;
      }
      if (msg.type === 'subscribe') {
        const accountId = requireAccount(client.actor, 'patients.read');
        await requireActiveEntry(this.ctx.db, accountId, msg.entryId);
        const entry = await presentOne(this.ctx.db, accountId, msg.entryId);
        if (client.ended) return;
        this.follow(client, msg.entryId);
        this.send(client, { type: 'subscribed', entryId: msg.entryId, version: entry.version, entry });
      } else if (msg.type === 'unsubscribe') {
        client.entries.delete(msg.entryId);
        this.subscribers.get(msg.entryId)?.delete(client);
      } else {
        const result = await livePatch(this.ctx, client.actor, msg.entryId, msg.baseVersion, msg.changes);
        if (result.kind === 'conflict') {
          this.send(client, {
            type: 'conflict',
            requestId,
            current: result.current,
            fields: result.conflictingFields,
          });
          return;
        }
        await noteSessionActivity(this.ctx, client.actor);
        // The ack carries the stored form of the change (ids of new comparisons) for the editor.
        this.send(client, {
          type: 'ack',
          requestId,
          version: result.version,
          changes: normalized(msg.changes, result.entry),
        });
        await this.broadcast(result.entry, msg.changes, client.actor, client.actor.accountId ?? '', client);
      }
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : err instanceof SyntaxError
            ? new AppError(400, 'invalid_json', 'The message is not JSON.')
            : undefined;
      this.send(client, {
        type: 'error',
        requestId,
        code: e?.code ?? 'internal_error',
        message: e?.message ?? 'Something went wrong on the server.',
        ...(e?.details ? { details: e.details } : {}),
      });
    }
  }

  /** Tells every other editor of the entry, here and on the other instances. */
  async broadcast(
    entry: PresentedEntry,
    changes: Record<string, unknown>,
    by: { userId: string; email: string },
    accountId: string,
    except?: Client,
  ) {
    const message: LiveMessage = {
      entryId: entry.id,
      accountId,
      version: entry.version,
      by: by.userId,
      byEmail: by.email,
      changes: normalized(changes, entry),
      origin: this.instanceId,
    };
    this.deliver(message, except);
    await this.fanout.publish(message).catch(() => undefined);
  }

  /** A lesion's messages: the same subscribe, patch (field-level merge), ack and conflict as an entry's. */
  private async receiveLesion(client: Client, msg: Extract<ClientMessage, { lesionId: string }>) {
    const topic = topicOf(msg);
    if (msg.type === 'subscribe') {
      // The same read as GET /api/lesions/{id}: 404 for another account's, 410 for a deleted one.
      const lesion = await getLesion(this.ctx, client.actor, msg.lesionId);
      if (client.ended) return;
      this.follow(client, topic);
      this.send(client, { type: 'subscribed', lesionId: msg.lesionId, version: lesion.version, lesion });
    } else if (msg.type === 'unsubscribe') {
      client.entries.delete(topic);
      this.subscribers.get(topic)?.delete(client);
    } else {
      const result = await livePatchLesion(
        this.ctx,
        client.actor,
        msg.lesionId,
        msg.baseVersion,
        msg.changes,
      );
      if (result.kind === 'conflict') {
        const { requestId } = msg;
        this.send(client, {
          type: 'conflict',
          requestId,
          current: result.current,
          fields: result.conflictingFields,
        });
        return;
      }
      await noteSessionActivity(this.ctx, client.actor);
      const changes = normalized(msg.changes, result.lesion);
      this.send(client, { type: 'ack', requestId: msg.requestId, version: result.version, changes });
      await this.broadcastLesion(
        result.lesion,
        msg.changes,
        client.actor,
        client.actor.accountId ?? '',
        client,
      );
    }
  }

  private follow(client: Client, topic: string) {
    client.entries.add(topic);
    const set = this.subscribers.get(topic) ?? new Set();
    set.add(client);
    this.subscribers.set(topic, set);
  }

  /** Tells every other editor of the lesion (a PATCH over HTTP calls it too). */
  async broadcastLesion(
    lesion: PresentedLesion,
    changes: Record<string, unknown>,
    by: { userId: string; email: string },
    accountId: string,
    except?: Client,
  ) {
    const message: LiveMessage = {
      lesionId: lesion.id,
      accountId,
      version: lesion.version,
      by: by.userId,
      byEmail: by.email,
      changes: normalized(changes, lesion),
      origin: this.instanceId,
    };
    this.deliver(message, except);
    await this.fanout.publish(message).catch(() => undefined);
  }

  private deliver(m: LiveMessage, except: Client | undefined) {
    // One serialisation and one encoding for every editor of the entry (there may be hundreds).
    const text = JSON.stringify({
      type: 'updated',
      ...(m.lesionId ? { lesionId: m.lesionId } : { entryId: m.entryId }),
      version: m.version,
      changes: m.changes,
      by: m.by,
      // Who made the change, in words the other editors can read.
      byEmail: m.byEmail,
    });
    const bytes = Buffer.from(text);
    for (const c of this.subscribers.get(topicOf(m)) ?? []) {
      if (c !== except && c.actor.accountId === m.accountId && c.socket.readyState === c.socket.OPEN) {
        c.socket.send(bytes, { binary: false });
      }
    }
  }

  /** The entries are no longer active: their editors are told at once and unsubscribed. */
  private closeEntries(m: ClosedMessage) {
    for (const entryId of m.entryIds) {
      const set = this.subscribers.get(entryId);
      if (!set) continue;
      const text = JSON.stringify({ type: 'closed', entryId, reason: m.reason });
      for (const c of set) {
        if (c.actor.accountId !== m.accountId) continue;
        if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
        c.entries.delete(entryId);
        set.delete(c);
      }
      if (set.size === 0) this.subscribers.delete(entryId);
    }
  }

  async close() {
    clearInterval(this.sweep);
    for (const set of this.subscribers.values()) for (const c of set) c.socket.close(1001, 'server stopping');
    this.subscribers.clear();
    await this.fanout.close();
  }
}
