import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { lesionDeletionBody } from '../../../shared/schemas/lesion-lifecycle.ts';
import type { Db } from '../../db/client.ts';
import { images, lesions } from '../../db/schema-clinical.ts';
import {
  type DeletionPolicy,
  deletionWhy,
  expiryOf,
  POLICY_EFFECTS,
  REMOVING,
} from '../../domain/lifecycle.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { recordAudit, recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { imageSnapshot, presentImages } from '../images/present.ts';
import { requireActiveLesion } from '../lesions/find.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { requireActivePatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { writeVersion } from '../versions.ts';
import { redactActivity } from './activity.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { refuseIfHeld } from './errors.ts';
import { markDeleted } from './markers.ts';
import { removeRecords } from './remove-records.ts';

type LesionDeletion = NonNullable<z.input<typeof lesionDeletionBody>>;

/**
 * Deletes one lesion on its own, under the deletion policy (PRODUCT.md §6, as an entry). Its images
 * stay in the pool, unlinked, unless `deleteImages`: then they are deleted with it (a cascade rooted
 * at the lesion, recovered with it). The reason and note go on the markers and in the event.
 */
export async function deleteLesion(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  input: LesionDeletion = {},
) {
  const accountId = requireAccount(actor, 'records.delete');
  const why = deletionWhy('lesion', { reason: input.reason, note: input.reasonNote });
  const outcome = await ctx.db.transaction(async (tx) => {
    const found = await requireActiveLesion(tx, accountId, id);
    // The patient is locked before the lesion, as a patient's deletion does: no deadlock between them.
    const patient = await requireActivePatient(tx, accountId, found.patientId, true);
    refuseIfHeld(patient, 'lesion');
    const lesion = await requireActiveLesion(tx, accountId, id, true);
    const { deletionPolicy: policy, retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    const keeps = POLICY_EFFECTS[policy].keepsData;
    const marker = { now, actorId: actor.userId, rootId: id, why };
    const imageIds = input.deleteImages
      ? await markDeleted(tx, 'image', eq(images.lesionId, id), {
          ...marker,
          kind: keeps ? 'cascade' : REMOVING,
        })
      : [];
    const unlinked = input.deleteImages ? 0 : await unlinkImages(tx, id, now, actor.userId);
    await markDeleted(tx, 'lesion', eq(lesions.id, id), { ...marker, kind: keeps ? 'individual' : REMOVING });
    if (imageIds.length) {
      await refreshPatientStats(tx, lesion.patientId, now);
      await refreshEffectiveTags(tx, [lesion.patientId]);
    }
    if (!POLICY_EFFECTS[policy].keepsActivityLog)
      await redactActivity(tx, now, { targetIds: [id, ...imageIds] });
    const details = { policy, reason: why.reason, reasonNote: why.note, images: imageIds.length, unlinked };
    if (keeps) {
      await recordAudit(tx, ctx, actor, {
        action: 'lesion.delete',
        targetType: 'lesion',
        targetId: id,
        patientId: lesion.patientId,
        details,
      });
      await refreshActivityExpiry(tx, { targetIds: [id, ...imageIds] });
    }
    return {
      deleted: { lesions: 1, images: imageIds.length },
      unlinkedImages: unlinked,
      policy: policy as DeletionPolicy,
      expiresAt: keeps ? expiryOf(now, retentionMonths).toISOString() : null,
      imageIds,
      patientId: lesion.patientId,
      details,
    };
  });
  if (!POLICY_EFFECTS[outcome.policy].keepsData) {
    // Marked removing above, so nothing recovers it while its files and rows go.
    await removeRecords(ctx, storage, { imageIds: outcome.imageIds, lesionIds: [id] });
    await recordAuditAlone(ctx, actor, {
      action: 'lesion.delete',
      targetType: 'lesion',
      targetId: id,
      patientId: outcome.patientId,
      details: outcome.details,
    });
  }
  const { imageIds: _i, patientId: _p, details: _d, ...result } = outcome;
  return result;
}

/**
 * Takes the lesion's images out of it, keeping them: each active one is a changed image (a new
 * version, as choosing "no lesion" for it would be); a deleted one just drops the link, so that
 * recovering it later does not point at a deleted lesion.
 */
async function unlinkImages(tx: Db, lesionId: string, now: Date, actorId: string) {
  const active = await tx
    .update(images)
    .set({ lesionId: null, version: sql`${images.version} + 1`, lastModifiedAt: now })
    .where(and(eq(images.lesionId, lesionId), isNull(images.deletedAt)))
    .returning();
  await tx.update(images).set({ lesionId: null }).where(eq(images.lesionId, lesionId));
  for (const image of await presentImages(tx, active)) {
    const row = active.find((r) => r.id === image.id);
    if (!row) continue;
    await writeVersion(tx, {
      recordType: 'image',
      recordId: image.id,
      version: image.version,
      accountId: row.accountId,
      patientId: row.patientId,
      operation: 'update',
      data: imageSnapshot(image),
      changedAt: now,
      changedBy: actorId,
    });
  }
  return active.length;
}
