import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { images, lesions } from '../../db/schema-clinical.ts';
import { restoredWithPatient } from '../../domain/lifecycle.ts';
import { type Marker, markDeleted, markRestored } from './markers.ts';

// Lesions go with their patient and come back with it (PRODUCT.md §6: as entries do). The images a
// lesion's own deletion took along are its cascade, rooted at the lesion.

/** Marks the patient's active lesions deleted as part of its deletion; returns their ids. */
export const markLesionsWithPatient = (tx: Db, patientId: string, m: Marker) =>
  markDeleted(tx, 'lesion', eq(lesions.patientId, patientId), m);

/** Recovers the lesions that the patient's own deletion took (not those deleted before it). */
export async function restoreLesionsWithPatient(tx: Db, patientId: string, now: Date, actorId: string) {
  const deleted = await tx
    .select({
      id: lesions.id,
      deletedAt: lesions.deletedAt,
      deletionKind: lesions.deletionKind,
      deletionRootId: lesions.deletionRootId,
    })
    .from(lesions)
    .where(and(eq(lesions.patientId, patientId), isNotNull(lesions.deletedAt)));
  const ids = restoredWithPatient(patientId, deleted).map((l) => l.id);
  return markRestored(tx, 'lesion', ids, now, actorId);
}

/** The images deleted with this lesion (its cascade): recovered with it. */
export async function imagesDeletedWithLesion(tx: Db, lesionId: string) {
  const deleted = await tx
    .select({
      id: images.id,
      deletedAt: images.deletedAt,
      deletionKind: images.deletionKind,
      deletionRootId: images.deletionRootId,
    })
    .from(images)
    .where(and(eq(images.lesionId, lesionId), isNotNull(images.deletedAt)));
  return restoredWithPatient(lesionId, deleted).map((i) => i.id);
}
