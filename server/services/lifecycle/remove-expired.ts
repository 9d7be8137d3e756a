import { and, asc, eq, lte, notInArray, type SQL } from 'drizzle-orm';
import { accounts } from '../../db/schema.ts';
import type { CleanupFailure } from '../../db/schema-ops.ts';
import { expiredDeletionBound, REMOVING } from '../../domain/lifecycle.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { readSettings } from '../settings.ts';
import { type Destruction, openDestruction, retentionRule } from './destruction-record.ts';
import { recordExpiredSql } from './expiry.ts';
import { KINDS_IN_REMOVAL_ORDER, RECORD_KINDS, recordTable } from './record-kinds.ts';
import { addRemoved, noneRemoved, type RemovedCounts, removeRecords } from './remove-records.ts';

// Records found per query; removeRecords then takes them about a thousand rows a transaction (many
// patients with small compartments together, a large compartment on its own), several batches a
// call so that one batch's files go while the one before it removes its rows.
const BATCH = { patients: 4000, entries: 4000, images: 4000, lesions: 4000 } as const;

export interface RemoveExpiredOptions {
  retentionMonths?: number;
  batchSize?: number;
  /**
   * When given, a batch that fails is retried one record at a time; a record that still fails is
   * recorded here and skipped, and the removal goes on (the daily cleanup). Without it the first
   * failure is thrown (a retention change reports it to its caller).
   */
  failures?: CleanupFailure[];
  /** The destruction record the removed records go into (the cleanup's by default). */
  destruction?: Destruction;
  /** Told after each batch, for a progress bar. */
  onProgress?: (removed: RemovedCounts) => void;
  /**
   * Also finish removals that began and stopped (a crash, a storage error), whatever their expiry
   * (the daily cleanup). Finding them reads each table once, so a retention change leaves them to it.
   */
  resumeInterrupted?: boolean;
}

/**
 * Removes every deleted patient, entry, image and lesion whose expiry (deletion time + retention) has been
 * reached: files first, then rows, a batch at a time. Used right after retention is shortened and
 * by the daily cleanup; idempotent, so a run that stopped halfway is finished by the next one.
 */
export async function removeExpiredRecords(
  ctx: Ctx,
  storage: BlobStore,
  options: RemoveExpiredOptions = {},
): Promise<RemovedCounts> {
  const months = options.retentionMonths ?? (await readSettings(ctx.db)).retentionMonths;
  const now = ctx.clock.now();
  const destruction = options.destruction ?? openDestruction(now, 'cleanup', null, retentionRule(months));
  let total = noneRemoved();
  const targets = {
    patient: (ids: string[]) => ({ patientIds: ids }),
    entry: (ids: string[]) => ({ entryIds: ids }),
    image: (ids: string[]) => ({ imageIds: ids }),
    lesion: (ids: string[]) => ({ lesionIds: ids }),
  };
  const kinds = KINDS_IN_REMOVAL_ORDER.map((kind) => ({
    kind,
    key: RECORD_KINDS[kind].counter,
    table: recordTable(kind),
    target: targets[kind],
  }));
  // Expired rows are found per account through the (account_id, deleted_at) indexes of deleted rows,
  // narrowed to an index range by a deletion-time bound before the exact expiry test.
  const bound = expiredDeletionBound(months, now);
  const accountIds = (await ctx.db.select({ id: accounts.id }).from(accounts)).map((a) => a.id);
  for (const kind of kinds) {
    const t = kind.table;
    const batch = options.batchSize ?? BATCH[kind.key];
    const failed: string[] = [];
    const scopes: SQL[] = accountIds.map(
      (a) =>
        and(eq(t.accountId, a), lte(t.deletedAt, bound), recordExpiredSql(kind.kind, months, now)) as SQL,
    );
    if (options.resumeInterrupted) scopes.unshift(eq(t.deletionKind, REMOVING));
    for (const scope of scopes) {
      for (;;) {
        const rows = await ctx.db
          .select({ id: t.id })
          .from(t)
          .where(and(scope, failed.length ? notInArray(t.id, failed) : undefined))
          .orderBy(asc(t.deletedAt))
          .limit(batch);
        if (rows.length === 0) break;
        const ids = rows.map((r) => r.id);
        const removed = await removeBatch(ctx, storage, kind, ids, failed, { ...options, destruction });
        total = addRemoved(total, removed);
        options.onProgress?.(total);
        // Nothing removed (and nothing newly failed) would mean the same batch again: stop rather than loop.
        if (rows.length < batch || (removed[kind.key] === 0 && !ids.some((id) => failed.includes(id)))) break;
      }
    }
  }
  return total;
}

interface Kind {
  key: 'patients' | 'entries' | 'images' | 'lesions';
  kind: CleanupFailure['kind'];
  target: (ids: string[]) => Parameters<typeof removeRecords>[2];
}

/**
 * One batch. With a failures list, a batch that fails is retried one record at a time and a record
 * that still fails is recorded and skipped; without one, the failure is thrown.
 */
async function removeBatch(
  ctx: Ctx,
  storage: BlobStore,
  kind: Kind,
  ids: string[],
  failed: string[],
  options: RemoveExpiredOptions,
): Promise<RemovedCounts> {
  const { failures, destruction } = options;
  if (!failures) return removeRecords(ctx, storage, kind.target(ids), { destruction });
  return removeRecords(ctx, storage, kind.target(ids), { destruction }).catch(async () => {
    let one = noneRemoved();
    for (const id of ids) {
      try {
        one = addRemoved(one, await removeRecords(ctx, storage, kind.target([id]), { destruction }));
      } catch (err) {
        failed.push(id);
        failures.push({ kind: kind.kind, id, message: (err as Error).message.slice(0, 500) });
      }
    }
    return one;
  });
}
