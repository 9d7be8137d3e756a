import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { patients, recordVersions } from '../../db/schema.ts';
import { consents, entries, images } from '../../db/schema-clinical.ts';
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
 * rerun finishes the job), never a file whose row is gone. Only what was seen here is deleted: a
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
  const keys = [
    ...imageRows.flatMap((i) => [i.originalKey, i.previewKey, i.thumbnailKey]),
    ...consentRows.flatMap((c) => (c.signatureKey ? [c.signatureKey] : [])),
  ];
  for (let i = 0; i < keys.length; i += FILE_REMOVALS_AT_ONCE) {
    await Promise.all(keys.slice(i, i + FILE_REMOVALS_AT_ONCE).map((k) => storage.remove(k)));
  }
  const imageIds = imageRows.map((r) => r.id);
  const entryIds = entryRows.map((r) => r.id);
  const consentIds = consentRows.map((r) => r.id);
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
