import { useEffect, useRef, useState } from 'react';
import { errorText, noteActivity } from './client.ts';
import {
  accessEnded,
  type Contest,
  type EntryField,
  entryDeleted,
  entryRemoved,
  type ForeignChange,
  idleEnded,
  type LiveState,
  type SaveStatus,
  type ServerMessage,
} from './live-messages.ts';
import type { Entry, EntryPatch } from './types.ts';

export type { Contest, EntryField, ForeignChange, LiveState, SaveStatus };

const json = (v: unknown) => JSON.stringify(v ?? null);
const keys = (p: object) => Object.keys(p) as EntryField[];

/**
 * One entry edited live over /api/live. Patches go one at a time, each on the version the last
 * one produced, so our own edits never conflict with each other. For every field being changed
 * here we remember the values it may hold without anyone else having touched it (where it
 * started, and what we sent); if the server's value is anything else, another editor changed it
 * meanwhile and the field becomes a contest the editor settles, never a silent overwrite either way.
 */
class LiveEntry {
  private socket: WebSocket | null = null;
  private version = 0;
  private server: Entry | null = null;
  private pending: EntryPatch = {};
  private inFlight: { id: string; changes: EntryPatch } | null = null;
  private known = new Map<EntryField, Set<string>>();
  private contests = new Map<EntryField, Contest>();
  private lastBy = new Map<EntryField, string>();
  private retry = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  state: LiveState = {
    entry: null,
    status: 'connecting',
    message: null,
    contests: [],
    changedBy: {},
    gone: false,
  };

  constructor(
    private readonly entryId: string,
    private readonly onState: (s: LiveState) => void,
  ) {
    this.connect();
  }

  private set(change: Partial<LiveState>) {
    this.state = { ...this.state, ...change, contests: [...this.contests.values()] };
    this.onState(this.state);
  }

  private connect() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/api/live`);
    this.socket = ws;
    ws.onopen = () => {
      this.retry = 0;
      ws.send(JSON.stringify({ type: 'subscribe', entryId: this.entryId }));
    };
    ws.onmessage = (ev) => this.receive(JSON.parse(String(ev.data)) as ServerMessage);
    ws.onclose = () => {
      if (this.closed || this.state.gone) return;
      // What was in flight may or may not have been applied: resubscribing reloads the truth.
      if (this.inFlight) this.pending = { ...this.inFlight.changes, ...this.pending };
      this.inFlight = null;
      this.set({ status: 'offline' });
      this.timer = setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** this.retry++));
    };
  }

  /** What is shown: the server's entry with our unsaved values on top. */
  private shown(): Entry | null {
    if (!this.server) return null;
    return { ...this.server, ...(this.pending as Partial<Entry>), version: this.version };
  }

  private tracked(k: EntryField) {
    return (
      k in this.pending || (this.inFlight !== null && k in this.inFlight.changes) || this.contests.has(k)
    );
  }

  /** Fields being changed here whose server value moved under us become contests. */
  private findContests() {
    if (!this.server) return;
    for (const k of keys(this.pending)) {
      if (k === 'sections' || this.contests.has(k)) continue;
      const theirs = this.server[k as keyof Entry];
      if (!this.known.get(k)?.has(json(theirs)))
        this.contests.set(k, { field: k, mine: this.pending[k], theirs, by: this.lastBy.get(k) ?? null });
    }
  }

  private receive(m: ServerMessage) {
    switch (m.type) {
      case 'subscribed':
        this.server = m.entry;
        this.version = m.version;
        this.findContests();
        this.set({ entry: this.shown(), message: null });
        this.flush();
        break;
      case 'ack': {
        if (this.inFlight?.id !== m.requestId || !this.server) return;
        const sent = this.inFlight.changes;
        this.inFlight = null;
        this.version = Math.max(this.version, m.version);
        // The stored form (ids of new comparisons) replaces what we sent.
        this.server = { ...this.server, ...(sent as Partial<Entry>), ...m.changes };
        for (const k of keys(sent)) {
          if (this.tracked(k)) this.known.get(k)?.add(json(this.server[k as keyof Entry]));
          else this.known.delete(k);
        }
        this.set({ entry: this.shown() });
        this.flush();
        break;
      }
      case 'updated': {
        if (!this.server || m.entryId !== this.entryId) return;
        this.version = Math.max(this.version, m.version);
        // Which sections another editor keeps open is theirs: it does not fold ours away under us.
        const { sections: _theirs, ...changes } = m.changes;
        this.server = { ...this.server, ...changes };
        const by = m.byEmail ?? 'another user';
        const changedBy = { ...this.state.changedBy };
        for (const k of keys(changes)) {
          this.lastBy.set(k, by);
          changedBy[k] = { by, at: new Date() };
          const contest = this.contests.get(k);
          if (contest) this.contests.set(k, { ...contest, theirs: this.server[k as keyof Entry], by });
        }
        this.findContests();
        this.set({ entry: this.shown(), changedBy });
        if (this.contests.size && !this.inFlight) this.flush();
        break;
      }
      case 'conflict': {
        const lost = this.inFlight?.changes ?? {};
        this.inFlight = null;
        this.server = m.current;
        this.version = m.current.version;
        const fields = new Set(m.fields ?? keys(lost));
        for (const k of keys(lost)) {
          const mine = k in this.pending ? this.pending[k] : lost[k];
          // Our other changes in that patch were refused with it: they go again.
          this.pending = { ...this.pending, [k]: mine };
          if (fields.has(k as string))
            this.contests.set(k, {
              field: k,
              mine,
              theirs: m.current[k as keyof Entry],
              by: this.lastBy.get(k) ?? null,
            });
        }
        this.set({ entry: this.shown() });
        this.flush();
        break;
      }
      case 'closed': // deleted or removed elsewhere: said at once, in the words of a refused edit
        if (m.entryId === undefined) {
          // Unsaved changes stay on screen; the server applies nothing more from this socket.
          this.set({
            status: 'failed',
            message: m.reason === 'idle' ? idleEnded() : accessEnded(),
            gone: true,
          });
          this.close();
          return;
        }
        if (m.entryId !== this.entryId) return;
        this.set({
          status: 'failed',
          message: m.reason === 'removed' ? entryRemoved() : entryDeleted(),
          gone: true,
        });
        this.close();
        break;
      case 'error':
        if (m.requestId && this.inFlight?.id === m.requestId) this.inFlight = null;
        if (m.code === 'deleted' || m.code === 'not_found') {
          // Not found once it was shown here: it was removed for good (expunged, or past retention).
          const message =
            m.code === 'not_found' && this.server ? entryRemoved() : errorText(m.code, m.message);
          this.set({ status: 'failed', message, gone: true });
          this.close();
          return;
        }
        this.set({ status: 'failed', message: errorText(m.code, m.message) });
        break;
    }
  }

  change(changes: EntryPatch) {
    if (!this.server) return;
    for (const k of keys(changes)) {
      if (!this.known.has(k)) this.known.set(k, new Set([json(this.shown()?.[k as keyof Entry])]));
      this.known.get(k)?.add(json(changes[k]));
      const contest = this.contests.get(k);
      if (contest) this.contests.set(k, { ...contest, mine: changes[k] });
    }
    this.pending = { ...this.pending, ...changes };
    this.set({ entry: this.shown(), status: 'saving', message: null });
    this.flush();
  }

  /** Settles a contest: send ours over theirs (knowingly), or take theirs and drop ours. */
  resolve(field: EntryField, keep: 'mine' | 'theirs') {
    this.contests.delete(field);
    if (keep === 'mine') this.known.get(field)?.add(json(this.server?.[field as keyof Entry]));
    else {
      const { [field]: _dropped, ...rest } = this.pending;
      this.pending = rest;
      this.known.delete(field);
    }
    this.set({ entry: this.shown() });
    this.flush();
  }

  private flush() {
    const ws = this.socket;
    if (this.inFlight || !this.server) return;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      // Kept here and sent once the connection is back.
      this.set({ status: 'offline' });
      return;
    }
    this.findContests();
    const ready = Object.fromEntries(
      Object.entries(this.pending).filter(([k]) => !this.contests.has(k as EntryField)),
    ) as EntryPatch;
    if (keys(ready).length === 0) {
      this.set({ status: this.contests.size ? 'conflict' : 'saved' });
      return;
    }
    const id = crypto.randomUUID();
    this.inFlight = { id, changes: ready };
    this.pending = Object.fromEntries(
      Object.entries(this.pending).filter(([k]) => this.contests.has(k as EntryField)),
    ) as EntryPatch;
    this.set({ status: 'saving' });
    // The server counts a live edit as activity of the session: so does the idle warning.
    noteActivity();
    ws.send(
      JSON.stringify({
        type: 'patch',
        entryId: this.entryId,
        baseVersion: this.version,
        changes: ready,
        requestId: id,
      }),
    );
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }
}

const INITIAL: LiveState = {
  entry: null,
  status: 'connecting',
  message: null,
  contests: [],
  changedBy: {},
  gone: false,
};

export function useLiveEntry(entryId: string) {
  const [state, setState] = useState<LiveState>(INITIAL);
  const live = useRef<LiveEntry | null>(null);
  useEffect(() => {
    const l = new LiveEntry(entryId, setState);
    live.current = l;
    return () => l.close();
  }, [entryId]);
  return {
    ...state,
    change: (c: EntryPatch) => live.current?.change(c),
    resolve: (field: EntryField, keep: 'mine' | 'theirs') => live.current?.resolve(field, keep),
  };
}
