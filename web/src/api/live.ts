import { useEffect, useRef, useState } from 'react';
import type { Entry, EntryPatch } from './types.ts';

export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'failed';

interface State {
  entry: Entry | null;
  status: SaveStatus;
  message: string | null;
}

type ServerMessage =
  | { type: 'subscribed'; entry: Entry; version: number }
  | { type: 'ack'; requestId: string; version: number }
  | { type: 'conflict'; requestId: string; current: Entry; fields?: string[] }
  | { type: 'updated'; entryId: string; version: number; changes: Partial<Entry>; by: string }
  | { type: 'error'; requestId?: string; code: string; message: string };

/**
 * One entry edited live over /api/live. Changes are sent one patch at a time, each on the version
 * the last one produced, so our own edits never conflict with each other; changes made while a
 * patch is in flight are merged into the next one. Reconnects with a growing delay.
 */
class LiveEntry {
  private socket: WebSocket | null = null;
  private version = 0;
  private pending: EntryPatch = {};
  private inFlight: { id: string; changes: EntryPatch } | null = null;
  private retry = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  state: State = { entry: null, status: 'connecting', message: null };

  constructor(
    private readonly entryId: string,
    private readonly onState: (s: State) => void,
    private readonly onConflict: (fields: string[], lost: EntryPatch) => void,
  ) {
    this.connect();
  }

  private set(change: Partial<State>) {
    this.state = { ...this.state, ...change };
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
      if (this.closed) return;
      // What was in flight may or may not have been applied: resubscribing reloads the truth.
      if (this.inFlight) this.pending = { ...this.inFlight.changes, ...this.pending };
      this.inFlight = null;
      this.set({ status: 'offline' });
      this.timer = setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** this.retry++));
    };
  }

  private receive(m: ServerMessage) {
    switch (m.type) {
      case 'subscribed': {
        this.version = m.version;
        // Edits made while offline are reapplied on top of the current version.
        const entry = { ...m.entry, ...(this.pending as Partial<Entry>) };
        this.set({ entry, status: Object.keys(this.pending).length ? 'saving' : 'saved', message: null });
        this.flush();
        break;
      }
      case 'ack':
        if (this.inFlight?.id !== m.requestId) return;
        this.inFlight = null;
        this.version = Math.max(this.version, m.version);
        if (this.state.entry) this.set({ entry: { ...this.state.entry, version: this.version } });
        this.flush();
        break;
      case 'updated': {
        if (!this.state.entry || m.entryId !== this.entryId) return;
        this.version = Math.max(this.version, m.version);
        // Our own unsent edits stay on screen; the rest of their change shows at once.
        const mine = new Set([...Object.keys(this.pending), ...Object.keys(this.inFlight?.changes ?? {})]);
        const theirs = Object.fromEntries(Object.entries(m.changes).filter(([k]) => !mine.has(k)));
        this.set({ entry: { ...this.state.entry, ...theirs, version: this.version } });
        break;
      }
      case 'conflict': {
        const lost = { ...this.inFlight?.changes, ...this.pending };
        this.inFlight = null;
        this.pending = {};
        this.version = m.current.version;
        this.set({ entry: m.current, status: 'saved' });
        this.onConflict(m.fields ?? Object.keys(lost), lost);
        break;
      }
      case 'error':
        if (m.requestId && this.inFlight?.id === m.requestId) this.inFlight = null;
        this.set({ status: 'failed', message: m.message });
        break;
    }
  }

  change(changes: EntryPatch) {
    if (!this.state.entry) return;
    this.pending = { ...this.pending, ...changes };
    this.set({
      entry: { ...this.state.entry, ...(changes as Partial<Entry>) },
      status: 'saving',
      message: null,
    });
    this.flush();
  }

  private flush() {
    const ws = this.socket;
    if (this.inFlight || !ws || ws.readyState !== WebSocket.OPEN || !this.state.entry) return;
    if (Object.keys(this.pending).length === 0) {
      if (this.state.status === 'saving') this.set({ status: 'saved' });
      return;
    }
    const id = crypto.randomUUID();
    this.inFlight = { id, changes: this.pending };
    this.pending = {};
    ws.send(
      JSON.stringify({
        type: 'patch',
        entryId: this.entryId,
        baseVersion: this.version,
        changes: this.inFlight.changes,
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

export function useLiveEntry(entryId: string, onConflict: (fields: string[], lost: EntryPatch) => void) {
  const [state, setState] = useState<State>({ entry: null, status: 'connecting', message: null });
  const live = useRef<LiveEntry | null>(null);
  const conflictRef = useRef(onConflict);
  conflictRef.current = onConflict;
  useEffect(() => {
    const l = new LiveEntry(entryId, setState, (f, lost) => conflictRef.current(f, lost));
    live.current = l;
    return () => l.close();
  }, [entryId]);
  return { ...state, change: (c: EntryPatch) => live.current?.change(c) };
}
