import { and, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { patients, recordVersions } from '../../db/schema.ts';
import { consents, entries, images } from '../../db/schema-clinical.ts';
import { REMOVING } from '../../domain/lifecycle.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';
import { redactActivity } from './activity.ts';

export interface RemovedCounts {
  patients: number;
  entries: number;
  images: number;
  files: number;
}

export const noneRemoved = (): RemovedCounts => ({ patients: 0, entries: 0, images: 0, files: 0 });

export function addRemoved(a: RemovedCounts, b: RemovedCounts): RemovedCounts {
  return {
    patients: a.patients + b.patients,
    entries: a.entries + b.entries,
    images: a.images + b.images,
    files: a.files + b.files,
  };
}

const FILE_REMOVALS_AT_ONCE = 8;

/**
 * Removes records for good: the patients with everything in their compartment (entries, images,
 * consents), plus the named entries and images. Stored files go first, then the rows, versions and
 * activity log in one transaction, so a crash in between leaves rows whose files are gone (and a
 * rerun finishes the job), never a file whose row is gone. Before any file goes, the deleted rows
 * are marked as being removed (committed), so that such a half-removed record is never recovered,
 * even if a longer retention period makes it unexpired again. Only what was seen here is deleted: a
 * row that appeared meanwhile makes the patient's deletion fail rather than orphan its files.
 */
export async function removeRecords(
  ctx: Ctx,
  storage: BlobStore,
  target: { patientIds?: string[]; entryIds?: string[]; imageIds?: string[] },
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
            originalKey: images.originalKey,
            previewKey: images.previewKey,
            thumbnailKey: images.thumbnailKey,
          })
          .from(images)
          .where(imageWhere)
      : [],
    entryWhere ? ctx.db.select({ id: entries.id }).from(entries).where(entryWhere) : [],
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
  await ctx.db.transaction((tx) => markRemoving(tx, patientIds, entryIds, imageIds));
  const keys = [
    ...imageRows.flatMap((i) => [i.originalKey, i.previewKey, i.thumbnailKey]),
    ...consentRows.flatMap((c) => (c.signatureKey ? [c.signatureKey] : [])),
  ];
  for (let i = 0; i < keys.length; i += FILE_REMOVALS_AT_ONCE) {
    await Promise.all(keys.slice(i, i + FILE_REMOVALS_AT_ONCE).map((k) => storage.remove(k)));
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await redactActivity(tx, now, {
      patientIds,
      targetIds: [...patientIds, ...entryIds, ...imageIds, ...consentIds],
    });
    const versionsOf = (type: string, ids: string[]) =>
      ids.length
        ? and(eq(recordVersions.recordType, type), inArray(recordVersions.recordId, ids))
        : undefined;
    const versions = [
      versionsOf('patient', patientIds),
      versionsOf('entry', entryIds),
      versionsOf('image', imageIds),
    ].filter((c): c is SQL => c !== undefined);
    if (versions.length) await tx.delete(recordVersions).where(or(...versions));
    // Tags, workspaces and effective tags go with their rows (ON DELETE CASCADE).
    const removedImages = imageIds.length
      ? await tx.delete(images).where(inArray(images.id, imageIds)).returning({ id: images.id })
      : [];
    const removedEntries = entryIds.length
      ? await tx.delete(entries).where(inArray(entries.id, entryIds)).returning({ id: entries.id })
      : [];
    if (consentIds.length) await tx.delete(consents).where(inArray(consents.id, consentIds));
    const removedPatients = patientIds.length
      ? await tx.delete(patients).where(inArray(patients.id, patientIds)).returning({ id: patients.id })
      : [];
    return {
      patients: removedPatients.length,
      entries: removedEntries.length,
      images: removedImages.length,
      files: keys.length,
    };
  });
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
