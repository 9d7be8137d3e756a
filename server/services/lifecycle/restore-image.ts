import { recoverableUntil, restoreRefusal } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { findImage } from '../images/image-use-cases.ts';
import { presentImages } from '../images/present.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { findPatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { expiredRecord, notDeleted, parentDeleted } from './errors.ts';
import { markRestored } from './markers.ts';

/** Recovers one deleted image of the pool while its patient is active and it has not expired. */
export async function restoreImage(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'records.restore');
  return ctx.db.transaction(async (tx) => {
    const found = await findImage(tx, accountId, id);
    if (!found) throw notFound('image');
    // Patient first, then the image: the order every deletion locks them in.
    const patient = await findPatient(tx, accountId, found.patientId, true);
    const image = await findImage(tx, accountId, id, true);
    if (!image || !patient) throw notFound('image');
    const { retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    const refusal = restoreRefusal(image, {
      now,
      retentionMonths,
      parentActive: !patient.deletedAt,
      held: patient.holdPlacedAt !== null,
    });
    if (refusal === 'not_deleted' || !image.deletedAt) throw notDeleted('image');
    if (refusal === 'expired')
      throw expiredRecord(
        'image',
        recoverableUntil({ ...image, deletedAt: image.deletedAt }, retentionMonths, now),
      );
    if (refusal === 'parent_deleted') throw parentDeleted('image');
    await markRestored(tx, 'image', [id], now, actor.userId);
    await refreshActivityExpiry(tx, { targetIds: [id] });
    await refreshPatientStats(tx, image.patientId, now);
    await refreshEffectiveTags(tx, [image.patientId]);
    await recordAudit(tx, ctx, actor, {
      action: 'image.restore',
      targetType: 'image',
      targetId: id,
      patientId: image.patientId,
    });
    const restored = await findImage(tx, accountId, id);
    const [presented] = await presentImages(tx, restored ? [restored] : []);
    if (!presented) throw notFound('image');
    return presented;
  });
}
