import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Operations of the deployment itself (not account data): the daily cleanup's record of runs.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface CleanupCounts {
  patients: number;
  entries: number;
  images: number;
  users: number;
  logs: number;
  files: number;
}

export interface CleanupFailure {
  kind: 'patient' | 'entry' | 'image' | 'user' | 'logs' | 'account' | 'files';
  id: string | null;
  message: string;
}

/** One row per cleanup run; finished_at stays null when a run stopped halfway (the next one finishes it). */
export const cleanupRuns = pgTable(
  'cleanup_runs',
  {
    id: uuid('id').primaryKey(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    trigger: text('trigger').notNull(),
    counts: jsonb('counts').$type<CleanupCounts>(),
    failures: jsonb('failures').$type<CleanupFailure[]>(),
    instance: text('instance').notNull(),
  },
  (t) => [index('cleanup_runs_started').on(t.startedAt)],
);
