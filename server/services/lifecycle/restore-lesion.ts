import { inArray } from 'drizzle-orm';
import { images, lesions } from '../../db/schema-clinical.ts';
import { recoverableUntil, restoreRefusal } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { findLesion } from '../lesions/find.ts';
import { presentLesions } from '../lesions/present.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { findPatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { expiredRecord, notDeleted, parentDeleted } from './errors.ts';
import { imagesDeletedWithLesion } from './lesion-cascade.ts';
import { markRestored } from './markers.ts';

/**
 * Recovers one deleted lesion while its patient is active and it has not expired, with the images
 * its deletion took along (those deleted on their own before stay deleted).
 */
export async function restoreLesion(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'records.restore');
  return ctx.db.transaction(async (tx) => {
    const found = await findLesion(tx, accountId, id);
    if (!found) throw notFound('lesion');
    // Patient first, then the lesion: the order every deletion locks them in.
    const patient = await findPatient(tx, accountId, found.patientId, true);
    const lesion = await findLesion(tx, accountId, id, true);
    if (!lesion || !patient) throw notFound('lesion');
    const { retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    const refusal = restoreRefusal(lesion, {
      now,
      retentionMonths,
      parentActive: !patient.deletedAt,
      held: patient.holdPlacedAt !== null,
    });
    if (refusal === 'not_deleted' || !lesion.deletedAt) throw notDeleted('lesion');
    if (refusal === 'expired')
      throw expiredRecord(
        'lesion',
        recoverableUntil({ ...lesion, deletedAt: lesion.deletedAt }, retentionMonths, now),
      );
    if (refusal === 'parent_deleted') throw parentDeleted('lesion');
    const imageIds = await imagesDeletedWithLesion(tx, id);
    await markRestored(tx, 'lesion', [id], now, actor.userId);
    await markRestored(tx, 'image', imageIds, now, actor.userId);
    // A recovered record carries no deletion reason.
    await tx
      .update(lesions)
      .set({ deletionReason: null, deletionNote: null })
      .where(inArray(lesions.id, [id]));
    if (imageIds.length) {
      await tx
        .update(images)
        .set({ deletionReason: null, deletionNote: null })
        .where(inArray(images.id, imageIds));
      await refreshPatientStats(tx, lesion.patientId, now);
      await refreshEffectiveTags(tx, [lesion.patientId]);
    }
    await refreshActivityExpiry(tx, { targetIds: [id, ...imageIds] });
    await recordAudit(tx, ctx, actor, {
      action: 'lesion.restore',
      targetType: 'lesion',
      targetId: id,
      patientId: lesion.patientId,
      details: { restored: { images: imageIds.length } },
    });
    const restored = await findLesion(tx, accountId, id);
    const [presented] = await presentLesions(tx, restored ? [restored] : []);
    if (!presented) throw notFound('lesion');
    return presented;
  });
}
