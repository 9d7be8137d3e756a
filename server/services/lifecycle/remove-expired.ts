import { and, asc, notInArray } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import type { CleanupFailure } from '../../db/schema-ops.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { readSettings } from '../settings.ts';
import { expiredSql } from './expiry.ts';
import { addRemoved, noneRemoved, type RemovedCounts, removeRecords } from './remove-records.ts';

const BATCH = 50;

export interface RemoveExpiredOptions {
  retentionMonths?: number;
  batchSize?: number;
  /**
   * When given, a batch that fails is retried one record at a time; a record that still fails is
   * recorded here and skipped, and the removal goes on (the daily cleanup). Without it the first
   * failure is thrown (a retention change reports it to its caller).
   */
  failures?: CleanupFailure[];
  /** Told after each batch, for a progress bar. */
  onProgress?: (removed: RemovedCounts) => void;
}

/**
 * Removes every deleted patient, entry and image whose expiry (deletion time + retention) has been
 * reached: files first, then rows, a batch at a time. Used right after retention is shortened and
 * by the daily cleanup; idempotent, so a run that stopped halfway is finished by the next one.
 */
export async function removeExpiredRecords(
  ctx: Ctx,
  storage: BlobStore,
  options: RemoveExpiredOptions = {},
): Promise<RemovedCounts> {
  const months = options.retentionMonths ?? (await readSettings(ctx.db)).retentionMonths;
  const batch = options.batchSize ?? BATCH;
  const now = ctx.clock.now();
  let total = noneRemoved();
  // Patients first: each takes its whole compartment, so its entries and images are not removed twice.
  const kinds = [
    { table: patients, key: 'patients', kind: 'patient', target: (ids: string[]) => ({ patientIds: ids }) },
    { table: entries, key: 'entries', kind: 'entry', target: (ids: string[]) => ({ entryIds: ids }) },
    { table: images, key: 'images', kind: 'image', target: (ids: string[]) => ({ imageIds: ids }) },
  ] as const;
  for (const kind of kinds) {
    const t = kind.table as typeof entries;
    const failed: string[] = [];
    for (;;) {
      const rows = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(
          and(expiredSql(t.deletedAt, months, now), failed.length ? notInArray(t.id, failed) : undefined),
        )
        .orderBy(asc(t.deletedAt), asc(t.id))
        .limit(batch);
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.id);
      let removed: RemovedCounts;
      if (!options.failures) {
        removed = await removeRecords(ctx, storage, kind.target(ids));
      } else {
        removed = await removeRecords(ctx, storage, kind.target(ids)).catch(async () => {
          // One bad record must not stop the others: retry them one by one.
          let one = noneRemoved();
          for (const id of ids) {
            try {
              one = addRemoved(one, await removeRecords(ctx, storage, kind.target([id])));
            } catch (err) {
              failed.push(id);
              options.failures?.push({ kind: kind.kind, id, message: (err as Error).message.slice(0, 500) });
            }
          }
          return one;
        });
      }
      total = addRemoved(total, removed);
      options.onProgress?.(total);
      // Nothing removed (and nothing newly failed) would mean the same batch again: stop rather than loop.
      if (rows.length < batch || (removed[kind.key] === 0 && !ids.some((id) => failed.includes(id)))) break;
    }
  }
  return total;
}
