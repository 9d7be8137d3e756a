import { i18n } from '../i18n/index.ts';
import type { Entry, EntryPatch } from './types.ts';

// The states and messages of live editing (web/src/api/live.ts), and the server's messages.

export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'failed' | 'conflict';
export type EntryField = keyof EntryPatch;

/** A field someone else changed while this browser was changing it too: the editor decides. */
export interface Contest {
  field: EntryField;
  mine: unknown;
  theirs: unknown;
  by: string | null;
}

/** Who else last changed a field of the entry while it was open here. */
export interface ForeignChange {
  by: string;
  at: Date;
}

export interface LiveState {
  entry: Entry | null;
  status: SaveStatus;
  message: string | null;
  contests: Contest[];
  changedBy: Partial<Record<EntryField, ForeignChange>>;
  /** The entry was deleted (elsewhere or here) while open. */
  gone: boolean;
}

export type ServerMessage =
  | { type: 'subscribed'; entry: Entry; version: number }
  | { type: 'ack'; requestId: string; version: number; changes?: Partial<Entry> }
  | { type: 'conflict'; requestId: string; current: Entry; fields?: string[] }
  | {
      type: 'updated';
      entryId: string;
      version: number;
      changes: Partial<Entry>;
      by: string;
      byEmail?: string;
    }
  | { type: 'closed'; entryId: string; reason: 'deleted' | 'removed' }
  // The user's access ended (signed out, sessions ended, user deleted...): the socket closes.
  | { type: 'closed'; entryId?: undefined; reason: string }
  | { type: 'error'; requestId?: string; code: string; message: string };

// Said when they happen, in the language of that moment (web/src/i18n/<language>/live.json).
export const accessEnded = () => i18n.t('live:accessEnded');
export const idleEnded = () => i18n.t('live:idleEnded');
export const entryRemoved = () => i18n.t('live:entryRemoved');
export const entryDeleted = () => i18n.t('live:entryDeleted');
