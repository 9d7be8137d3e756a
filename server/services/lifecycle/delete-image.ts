import { eq } from 'drizzle-orm';
import { images } from '../../db/schema-clinical.ts';
import {
  type DeletionReason,
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
import { requireActiveImage } from '../images/image-use-cases.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { requireActivePatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { redactActivity } from './activity.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { refuseIfHeld } from './errors.ts';
import { markDeleted } from './markers.ts';
import { removeRecords } from './remove-records.ts';

/**
 * Deletes one image of the pool on its own, under the deletion policy; the patient's counts and
 * tags follow, and it leaves every workspace and comparison it was in (until it is recovered).
 */
export async function deleteImage(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  given: { reason?: DeletionReason | undefined; reasonNote?: string | undefined } = {},
) {
  const accountId = requireAccount(actor, 'records.delete');
  const why = deletionWhy('image', { reason: given.reason, note: given.reasonNote });
  const outcome = await ctx.db.transaction(async (tx) => {
    const found = await requireActiveImage(tx, accountId, id);
    // The patient is locked before the image, as a patient's deletion does: no deadlock between them.
    const patient = await requireActivePatient(tx, accountId, found.patientId, true);
    refuseIfHeld(patient, 'image');
    const image = await requireActiveImage(tx, accountId, id, true);
    const { deletionPolicy: policy, retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    await markDeleted(tx, 'image', eq(images.id, id), {
      now,
      actorId: actor.userId,
      // Under Permanent, marked as being removed at once (see delete-patient.ts).
      kind: POLICY_EFFECTS[policy].keepsData ? 'individual' : REMOVING,
      rootId: id,
      why,
    });
    await refreshPatientStats(tx, image.patientId, now);
    await refreshEffectiveTags(tx, [image.patientId]);
    if (!POLICY_EFFECTS[policy].keepsActivityLog) await redactActivity(tx, now, { targetIds: [id] });
    if (POLICY_EFFECTS[policy].keepsData) {
      await recordAudit(tx, ctx, actor, {
        action: 'image.delete',
        targetType: 'image',
        targetId: id,
        patientId: image.patientId,
        details: { policy, reason: why.reason, reasonNote: why.note },
      });
      await refreshActivityExpiry(tx, { targetIds: [id] });
    }
    const expiresAt = POLICY_EFFECTS[policy].keepsData ? expiryOf(now, retentionMonths).toISOString() : null;
    return { deleted: { patients: 0, entries: 0, images: 1 }, policy, expiresAt, patientId: image.patientId };
  });
  if (!POLICY_EFFECTS[outcome.policy].keepsData) {
    await removeRecords(ctx, storage, { imageIds: [id] });
    await recordAuditAlone(ctx, actor, {
      action: 'image.delete',
      targetType: 'image',
      targetId: id,
      patientId: outcome.patientId,
      details: { policy: outcome.policy, reason: why.reason, reasonNote: why.note },
    });
  }
  const { patientId: _p, ...result } = outcome;
  return result;
}
