import { asc, eq, inArray } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { removalGroups } from '../../domain/removal-batches.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { redactActivity } from './activity.ts';
import {
  type Destruction,
  hashStoredFiles,
  permanentDeletion,
  recordDestroyed,
} from './destruction-record.ts';
import {
  compartmentSizes,
  deleteBatchRows,
  leaveComparisons,
  markAndRead,
  markPatientsRemoving,
} from './removal-steps.ts';

export interface RemovedCounts {
  patients: number;
  entries: number;
  images: number;
  lesions: number;
  consents: number;
  files: number;
  /** Rows of record history (record_versions) removed. */
  versions: number;
  /** Activity-log events whose content was removed (hashes kept). */
  logs: number;
}

const KEYS = ['patients', 'entries', 'images', 'lesions', 'consents', 'files', 'versions', 'logs'] as const;

export const noneRemoved = (): RemovedCounts => ({
  patients: 0,
  entries: 0,
  images: 0,
  lesions: 0,
  consents: 0,
  files: 0,
  versions: 0,
  logs: 0,
});

export function addRemoved(a: RemovedCounts, b: RemovedCounts): RemovedCounts {
  const sum = noneRemoved();
  for (const k of KEYS) sum[k] = a[k] + b[k];
  return sum;
}

export interface RemovalTarget {
  patientIds?: string[];
  entryIds?: string[];
  imageIds?: string[];
  lesionIds?: string[];
}

// Rows (entries, images, consents, patients) per transaction. Each batch is a fixed number of
// statements whatever its size, so larger batches mean fewer round trips per record
// (docs/PERFORMANCE.md, cleanup); patients with small compartments go many to a batch.
const BATCH = 1000;

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Removes records for good, the one removal code of the app (deletion under Permanent, cleanup,
 * manual purge, expunge, account deletion): the named images, entries and lesions, then the
 * patients with everything in their compartment (entries, images, lesions, consents). Work goes a batch at a time: for
 * each batch the deleted rows concerned are first marked as being removed (committed, so a
 * half-removed record is never recovered, even if a longer retention period makes it unexpired
 * again), then the stored files go, then the rows, versions and activity log in one transaction,
 * so a crash in between leaves rows whose files are gone (and a rerun finishes the job), never a
 * file whose row is gone. A patient goes with the last batch of its compartment: a row that
 * appeared in it meanwhile makes that batch fail (a rerun takes it) rather than orphan its files.
 */
export async function removeRecords(
  ctx: Ctx,
  storage: BlobStore,
  target: RemovalTarget,
  options: {
    batchSize?: number;
    /** The destruction record the removed records go into (a Permanent deletion's own by default). */
    destruction?: Destruction;
  } = {},
): Promise<RemovedCounts> {
  const batch = options.batchSize ?? BATCH;
  const pipeline = new RemovalPipeline(options.destruction ?? permanentDeletion(ctx.clock.now()));
  try {
    // Batches of one list are disjoint, so they overlap; the next list waits for the last
    // transaction, as a patient's batch reads the compartment items removed before it.
    for (const ids of chunks(target.imageIds ?? [], batch))
      await removeBatch(ctx, storage, { imageIds: ids }, pipeline);
    await pipeline.drain();
    for (const ids of chunks(target.entryIds ?? [], batch))
      await removeBatch(ctx, storage, { entryIds: ids }, pipeline);
    await pipeline.drain();
    for (const ids of chunks(target.lesionIds ?? [], batch))
      await removeBatch(ctx, storage, { lesionIds: ids }, pipeline);
    await pipeline.drain();
    const patientIds = target.patientIds ?? [];
    const sizes = await compartmentSizes(ctx.db, patientIds);
    for (const group of removalGroups(patientIds, sizes, batch)) {
      const [alone] = group;
      if (group.length === 1 && alone && (sizes.get(alone) ?? 0) >= batch) {
        await pipeline.drain();
        await drainCompartment(ctx, storage, alone, batch, pipeline);
      }
      await removeBatch(ctx, storage, { patientIds: group }, pipeline, true);
    }
    await pipeline.drain();
  } catch (err) {
    await pipeline.settled();
    throw err;
  }
  return pipeline.total;
}

/**
 * The files and row transactions of a removal. A batch's files go once the batch before it has had
 * its files removed, and its row transaction starts once its files are gone; meanwhile the next
 * batch is marked and read, and the transaction runs while the next batch's files go: the disk and
 * the database work at the same time, and each batch still goes marked, files, rows. After a
 * failure nothing further starts; the batches marked meanwhile are finished by a rerun.
 */
class RemovalPipeline {
  total = noneRemoved();
  constructor(readonly destruction: Destruction) {}
  // Neither ever rejects: a failure is kept in `failure` and thrown by check() and drain().
  private files: Promise<void> = Promise.resolve();
  private last: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /** Starts removing a marked batch's files after the previous batch's, then its row transaction. */
  async removeFiles(remove: () => Promise<void>, rows: () => Promise<RemovedCounts>) {
    await this.files;
    this.check();
    this.files = remove().then(
      () => this.push(rows),
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }

  /** Runs `remove` once the transaction before it has finished, unless something failed. */
  private push(remove: () => Promise<RemovedCounts>) {
    this.last = this.last.then(async () => {
      if (this.failure) return;
      try {
        this.total = addRemoved(this.total, await remove());
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Throws a failure already known, before more files go. */
  check() {
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every removal and transaction started; throws the first failure. */
  async drain() {
    await this.settled();
    this.check();
  }

  /** Waits for every removal and transaction started, whatever came of them. */
  async settled(): Promise<void> {
    await this.files;
    await this.last;
  }
}

/** A compartment too large for one batch: the patient is marked first, then its items a batch at a time. */
async function drainCompartment(
  ctx: Ctx,
  storage: BlobStore,
  patientId: string,
  batch: number,
  pipeline: RemovalPipeline,
) {
  await markPatientsRemoving(ctx.db, [patientId]);
  for (const kind of ['images', 'entries'] as const) {
    const t = (kind === 'images' ? images : entries) as typeof entries;
    for (;;) {
      const found = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(eq(t.patientId, patientId))
        .orderBy(asc(t.id))
        .limit(batch);
      if (found.length === 0) break;
      const ids = found.map((r) => r.id);
      const before = pipeline.total[kind];
      await removeBatch(
        ctx,
        storage,
        kind === 'images' ? { imageIds: ids } : { entryIds: ids },
        pipeline,
        true,
      );
      // The next query must not find these rows again: wait for their transaction.
      await pipeline.drain();
      // Nothing went: stop rather than loop; the patient's own batch then fails and says why.
      if (pipeline.total[kind] === before) break;
    }
  }
}

/**
 * One batch: marks and reads (one statement), then hands its files and rows to the pipeline,
 * returning once its files have started going (after the previous batch's). `compartment`
 * says the items' patients go too (their counts, tags and comparisons need no care). Otherwise
 * removing an active item takes it out of every comparison and recomputes its patient's counts
 * and effective tags, as deleting it would; removing an already deleted one changes nothing a
 * person sees.
 */
async function removeBatch(
  ctx: Ctx,
  storage: BlobStore,
  target: RemovalTarget,
  pipeline: RemovalPipeline,
  compartment = false,
) {
  pipeline.check();
  const patientIds = target.patientIds ?? [];
  const rows = await markAndRead(ctx.db, {
    patientIds,
    entryIds: target.entryIds ?? [],
    imageIds: target.imageIds ?? [],
    lesionIds: target.lesionIds ?? [],
  });
  const idsOf = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id);
  const [imageIds, entryIds, consentIds] = [idsOf('image'), idsOf('entry'), idsOf('consent')];
  const lesionIds = idsOf('lesion');
  const keys = rows.flatMap((r) => r.keys.filter((k): k is string => typeof k === 'string' && k !== ''));
  // Patients that stay and lose an active entry or image: their computed fields move.
  const touched = compartment
    ? []
    : [
        ...new Set(
          rows
            .filter(
              (r) =>
                (r.kind === 'entry' || r.kind === 'image') &&
                r.deleted_at === null &&
                !patientIds.includes(r.patient_id),
            )
            .map((r) => r.patient_id),
        ),
      ];
  // Files whose hash was not kept at upload are hashed just before they go, for the destruction record.
  const unhashed = rows.flatMap((r) => r.keys.filter((k, i) => k && !r.hashes[i]) as string[]);
  let computed: Record<string, string> = {};
  await pipeline.removeFiles(
    async () => {
      if (unhashed.length) computed = await hashStoredFiles(storage, unhashed);
      await storage.removeMany(keys);
    },
    () =>
      removeRows(
        ctx,
        { patientIds, entryIds, imageIds, lesionIds, consentIds },
        touched,
        keys.length,
        compartment,
        {
          destruction: pipeline.destruction,
          computed,
        },
      ),
  );
}

/** The batch's rows, versions and activity in one transaction, after its files are gone. */
function removeRows(
  ctx: Ctx,
  ids: {
    patientIds: string[];
    entryIds: string[];
    imageIds: string[];
    lesionIds: string[];
    consentIds: string[];
  },
  touched: string[],
  files: number,
  compartment: boolean,
  record: { destruction: Destruction; computed: Record<string, string> },
): Promise<RemovedCounts> {
  const { patientIds, entryIds, imageIds, lesionIds, consentIds } = ids;
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    // The patient is locked before its items, as deleting one does: no deadlock between them.
    if (touched.length) {
      await tx.select({ id: patients.id }).from(patients).where(inArray(patients.id, touched)).for('update');
    }
    if (!compartment && imageIds.length) await leaveComparisons(tx, imageIds);
    const logs = await redactActivity(tx, now, {
      patientIds,
      targetIds: [...patientIds, ...entryIds, ...imageIds, ...lesionIds, ...consentIds],
    });
    await recordDestroyed(tx, record.destruction, ids, record.computed);
    const removed = await deleteBatchRows(tx, { patientIds, entryIds, imageIds, lesionIds, consentIds });
    for (const patientId of touched) await refreshPatientStats(tx, patientId, now);
    await refreshEffectiveTags(tx, touched);
    return { ...removed, files, logs };
  });
}
