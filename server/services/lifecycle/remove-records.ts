import { and, asc, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { patients, recordVersions } from '../../db/schema.ts';
import { consents, entries, images } from '../../db/schema-clinical.ts';
import { REMOVING } from '../../domain/lifecycle.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { redactActivity } from './activity.ts';

export interface RemovedCounts {
  patients: number;
  entries: number;
  images: number;
  consents: number;
  files: number;
  /** Rows of record history (record_versions) removed. */
  versions: number;
  /** Activity-log events whose content was removed (hashes kept). */
  logs: number;
}

const KEYS = ['patients', 'entries', 'images', 'consents', 'files', 'versions', 'logs'] as const;

export const noneRemoved = (): RemovedCounts => ({
  patients: 0,
  entries: 0,
  images: 0,
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
}

const FILE_REMOVALS_AT_ONCE = 8;
const BATCH = 100;

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Removes records for good, the one removal code of the app (deletion under Permanent, cleanup,
 * manual purge, expunge, account deletion): the named images and entries, then the patients with
 * everything in their compartment (entries, images, consents). Work goes a batch at a time: for
 * each batch the stored files go first, then the rows, versions and activity log in one
 * transaction, so a crash in between leaves rows whose files are gone (and a rerun finishes the
 * job), never a file whose row is gone. Before any file goes, the deleted rows concerned are
 * marked as being removed (committed), so a half-removed record is never recovered, even if a
 * longer retention period makes it unexpired again. A patient's own row goes last: a row that
 * appeared in its compartment meanwhile makes that step fail (a rerun takes it) rather than orphan
 * its files.
 */
export async function removeRecords(
  ctx: Ctx,
  storage: BlobStore,
  target: RemovalTarget,
  options: { batchSize?: number } = {},
): Promise<RemovedCounts> {
  const batch = options.batchSize ?? BATCH;
  const patientIds = target.patientIds ?? [];
  if (patientIds.length) await ctx.db.transaction((tx) => markRemoving(tx, patientIds, [], []));
  let total = noneRemoved();
  for (const ids of chunks(target.imageIds ?? [], batch))
    total = addRemoved(total, await removeBatch(ctx, storage, { imageIds: ids }));
  for (const ids of chunks(target.entryIds ?? [], batch))
    total = addRemoved(total, await removeBatch(ctx, storage, { entryIds: ids }));
  if (patientIds.length === 0) return total;
  for (const kind of ['images', 'entries'] as const) {
    const t = (kind === 'images' ? images : entries) as typeof entries;
    for (;;) {
      const rows = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(inArray(t.patientId, patientIds))
        .orderBy(asc(t.id))
        .limit(batch);
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.id);
      const removed = await removeBatch(
        ctx,
        storage,
        kind === 'images' ? { imageIds: ids } : { entryIds: ids },
        true,
      );
      total = addRemoved(total, removed);
      // Nothing went: stop rather than loop; the patients' own step below then fails and says why.
      if (removed[kind] === 0) break;
    }
  }
  return addRemoved(total, await removeBatch(ctx, storage, { patientIds }));
}

/**
 * One batch: files, then rows in one transaction. `compartment` says the items' patients go too
 * (their counts, tags and comparisons need no care). Otherwise removing an active item takes it
 * out of every comparison and recomputes its patient's counts and effective tags, as deleting
 * it would; removing an already deleted one changes nothing a person sees.
 */
async function removeBatch(
  ctx: Ctx,
  storage: BlobStore,
  target: RemovalTarget,
  compartment = false,
): Promise<RemovedCounts> {
  const patientIds = target.patientIds ?? [];
  const of = (byId: SQL | undefined, byPatient: SQL | undefined) =>
    or(...[byId, byPatient].filter((c): c is SQL => c !== undefined));
  const imageWhere = of(
    target.imageIds?.length ? inArray(images.id, target.imageIds) : undefined,
    patientIds.length ? inArray(images.patientId, patientIds) : undefined,
  );
  const entryWhere = of(
    target.entryIds?.length ? inArray(entries.id, target.entryIds) : undefined,
    patientIds.length ? inArray(entries.patientId, patientIds) : undefined,
  );
  const [imageRows, entryRows, consentRows] = await Promise.all([
    imageWhere
      ? ctx.db
          .select({
            id: images.id,
            patientId: images.patientId,
            deletedAt: images.deletedAt,
            originalKey: images.originalKey,
            previewKey: images.previewKey,
            thumbnailKey: images.thumbnailKey,
          })
          .from(images)
          .where(imageWhere)
      : [],
    entryWhere
      ? ctx.db
          .select({ id: entries.id, patientId: entries.patientId, deletedAt: entries.deletedAt })
          .from(entries)
          .where(entryWhere)
      : [],
    patientIds.length
      ? ctx.db
          .select({ id: consents.id, signatureKey: consents.signatureKey })
          .from(consents)
          .where(inArray(consents.patientId, patientIds))
      : [],
  ]);
  const imageIds = imageRows.map((r) => r.id);
  const entryIds = entryRows.map((r) => r.id);
  const consentIds = consentRows.map((r) => r.id);
  await ctx.db.transaction((tx) => markRemoving(tx, [], entryIds, imageIds));
  const keys = [
    ...imageRows.flatMap((i) => [i.originalKey, i.previewKey, i.thumbnailKey]),
    ...consentRows.flatMap((c) => (c.signatureKey ? [c.signatureKey] : [])),
  ];
  for (let i = 0; i < keys.length; i += FILE_REMOVALS_AT_ONCE) {
    await Promise.all(keys.slice(i, i + FILE_REMOVALS_AT_ONCE).map((k) => storage.remove(k)));
  }
  // Patients that stay and lose an active entry or image: their computed fields move.
  const touched = compartment
    ? []
    : [
        ...new Set(
          [...imageRows, ...entryRows]
            .filter((r) => r.deletedAt === null && !patientIds.includes(r.patientId))
            .map((r) => r.patientId),
        ),
      ];
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    // The patient is locked before its items, as deleting one does: no deadlock between them.
    if (touched.length) {
      await tx.select({ id: patients.id }).from(patients).where(inArray(patients.id, touched)).for('update');
    }
    if (!compartment && imageIds.length) await leaveComparisons(tx, imageIds);
    const logs = await redactActivity(tx, now, {
      patientIds,
      targetIds: [...patientIds, ...entryIds, ...imageIds, ...consentIds],
    });
    const versionsOf = (type: string, ids: string[]) =>
      ids.length
        ? and(eq(recordVersions.recordType, type), inArray(recordVersions.recordId, ids))
        : undefined;
    const versionConds = [
      versionsOf('patient', patientIds),
      versionsOf('entry', entryIds),
      versionsOf('image', imageIds),
    ].filter((c): c is SQL => c !== undefined);
    const versions = versionConds.length
      ? await tx
          .delete(recordVersions)
          .where(or(...versionConds))
          .returning({ v: recordVersions.version })
      : [];
    // Tags, workspaces and effective tags go with their rows (ON DELETE CASCADE).
    const removedImages = imageIds.length
      ? await tx.delete(images).where(inArray(images.id, imageIds)).returning({ id: images.id })
      : [];
    const removedEntries = entryIds.length
      ? await tx.delete(entries).where(inArray(entries.id, entryIds)).returning({ id: entries.id })
      : [];
    const removedConsents = consentIds.length
      ? await tx.delete(consents).where(inArray(consents.id, consentIds)).returning({ id: consents.id })
      : [];
    const removedPatients = patientIds.length
      ? await tx.delete(patients).where(inArray(patients.id, patientIds)).returning({ id: patients.id })
      : [];
    for (const patientId of touched) await refreshPatientStats(tx, patientId, now);
    await refreshEffectiveTags(tx, touched);
    return {
      patients: removedPatients.length,
      entries: removedEntries.length,
      images: removedImages.length,
      consents: removedConsents.length,
      files: keys.length,
      versions: versions.length,
      logs,
    };
  });
}

/**
 * Takes removed images out of the comparison groups of the entries that show them (a group left
 * with fewer than two images goes, as the entry already hides it). Not a new version of those
 * entries: what the entry shows does not change, since a removed image was already hidden.
 */
async function leaveComparisons(tx: Ctx['db'], imageIds: string[]) {
  await tx.execute(sql`
    update entries e set comparisons = coalesce((
      select jsonb_agg(jsonb_set(g.c, '{imageIds}', kept.ids) order by g.n)
      from jsonb_array_elements(e.comparisons) with ordinality as g(c, n)
      cross join lateral (
        select coalesce(jsonb_agg(x.v order by x.n), '[]'::jsonb) as ids
        from jsonb_array_elements(g.c -> 'imageIds') with ordinality as x(v, n)
        where not ((x.v #>> '{}') in ${imageIds})
      ) kept
      where jsonb_array_length(kept.ids) >= 2
    ), '[]'::jsonb)
    where e.id in (select w.entry_id from workspace_images w where w.image_id in ${imageIds})`);
}

/** Sets the removal marker on the deleted ones among these rows (active rows keep their state). */
async function markRemoving(tx: Db, patientIds: string[], entryIds: string[], imageIds: string[]) {
  const mark = { deletionKind: REMOVING };
  if (patientIds.length)
    await tx
      .update(patients)
      .set(mark)
      .where(and(inArray(patients.id, patientIds), isNotNull(patients.deletedAt)));
  if (entryIds.length)
    await tx
      .update(entries)
      .set(mark)
      .where(and(inArray(entries.id, entryIds), isNotNull(entries.deletedAt)));
  if (imageIds.length)
    await tx
      .update(images)
      .set(mark)
      .where(and(inArray(images.id, imageIds), isNotNull(images.deletedAt)));
}
