import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Operations of the deployment itself (not account data): the daily cleanup's record of runs.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface CleanupCounts {
  patients: number;
  entries: number;
  images: number;
  /** Absent from runs recorded before lesions joined the lifecycle (read as 0). */
  lesions: number;
  users: number;
  logs: number;
  files: number;
}

export interface CleanupFailure {
  kind: 'patient' | 'entry' | 'image' | 'lesion' | 'user' | 'logs' | 'account' | 'files';
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

/** What caused a destruction record (services/lifecycle/destruction-record.ts). */
export type DestructionTrigger =
  | 'cleanup'
  | 'retention_cut'
  | 'retention_raise'
  | 'expunge'
  | 'purge'
  | 'account_deletion'
  | 'permanent_deletion';

/**
 * Proof of what was destroyed, written in the same transactions as the removals. Deployment-level
 * (no foreign key to accounts: it outlives the account) and kept like the deployment's own audit
 * events: no cleanup removes it.
 */
export const destructionRecords = pgTable(
  'destruction_records',
  {
    id: uuid('id').primaryKey(),
    createdAt: ts('created_at').notNull(),
    trigger: text('trigger').$type<DestructionTrigger>().notNull(),
    /** The person (their e-mail) or the process ("scheduled cleanup") that caused it. */
    triggeredBy: text('triggered_by').notNull(),
    triggeredById: uuid('triggered_by_id'),
    /** The rule that applied, in words ("retention 6 months", "FHIR $expunge"). */
    rule: text('rule').notNull(),
    accountId: uuid('account_id'),
    cleanupRunId: uuid('cleanup_run_id'),
  },
  (t) => [index('destruction_records_created').on(t.createdAt)],
);

export interface DestroyedFile {
  /** original | preview | thumbnail | signature */
  file: string;
  /** Null when the file was already gone and no hash had been stored. */
  sha256: string | null;
}

export interface PacsCopy {
  endpoint: string;
  baseUrl: string;
}

export const destructionRecordItems = pgTable(
  'destruction_record_items',
  {
    recordId: uuid('record_id')
      .notNull()
      .references(() => destructionRecords.id, { onDelete: 'cascade' }),
    /** patient | entry | image | lesion | consent | user */
    kind: text('kind').notNull(),
    itemId: uuid('item_id').notNull(),
    /** SHA-256 of the deployment's salt and the patient's unique ID; null for users. */
    uniqueIdHash: text('unique_id_hash'),
    files: jsonb('files').$type<DestroyedFile[]>().notNull(),
    /** PACS the image had been sent to: the copy there is outside Vellum's reach. */
    pacs: jsonb('pacs').$type<PacsCopy[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.recordId, t.kind, t.itemId] }),
    index('destruction_items_item').on(t.itemId),
  ],
);
