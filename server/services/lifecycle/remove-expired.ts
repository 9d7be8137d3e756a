import { asc } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { readSettings } from '../settings.ts';
import { expiredSql } from './expiry.ts';
import { addRemoved, noneRemoved, type RemovedCounts, removeRecords } from './remove-records.ts';

const BATCH = 50;

/**
 * Removes every deleted patient, entry and image whose expiry (deletion time + retention) has been
 * reached: files first, then rows, a batch at a time. Used right after retention is shortened and
 * by the daily cleanup; idempotent, so a run that stopped halfway is finished by the next one.
 */
export async function removeExpiredRecords(
  ctx: Ctx,
  storage: BlobStore,
  options: { retentionMonths?: number; batchSize?: number } = {},
): Promise<RemovedCounts> {
  const months = options.retentionMonths ?? (await readSettings(ctx.db)).retentionMonths;
  const batch = options.batchSize ?? BATCH;
  const now = ctx.clock.now();
  let total = noneRemoved();
  // Patients first: each takes its whole compartment, so its entries and images are not removed twice.
  const kinds = [
    { table: patients, key: 'patients', target: (ids: string[]) => ({ patientIds: ids }) },
    { table: entries, key: 'entries', target: (ids: string[]) => ({ entryIds: ids }) },
    { table: images, key: 'images', target: (ids: string[]) => ({ imageIds: ids }) },
  ] as const;
  for (const kind of kinds) {
    const t = kind.table as typeof entries;
    for (;;) {
      const rows = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(expiredSql(t.deletedAt, months, now))
        .orderBy(asc(t.deletedAt), asc(t.id))
        .limit(batch);
      if (rows.length === 0) break;
      const removed = await removeRecords(ctx, storage, kind.target(rows.map((r) => r.id)));
      total = addRemoved(total, removed);
      // Nothing removed would mean the same batch again: stop rather than loop.
      if (rows.length < batch || removed[kind.key] === 0) break;
    }
  }
  return total;
}
