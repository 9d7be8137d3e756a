import { eq } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { recoverableUntil, restoreRefusal } from '../../domain/lifecycle.ts';
import { conflict, notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { findPatient } from '../patients/find.ts';
import { presentPatients } from '../patients/present.ts';
import { readSettings } from '../settings.ts';
import { expiredRecord } from './errors.ts';
import { finalizeExpiredOfPatient } from './hold-expiry.ts';

/**
 * Places a legal hold on a patient, active or deleted (PRODUCT.md §6): while it lasts neither the
 * patient nor its entries and images can be deleted or expunged, and what is already deleted does
 * not expire. A deleted patient past its expiry is gone and cannot be held; its records that had
 * expired stay expired.
 */
export async function placeHold(ctx: Ctx, actor: Actor, id: string, reason: string) {
  const accountId = requireAccount(actor, 'records.hold');
  return ctx.db.transaction(async (tx) => {
    const row = await findPatient(tx, accountId, id, true);
    if (!row) throw notFound('patient');
    if (row.holdPlacedAt) throw conflict('already_held', 'This patient is already under a legal hold.');
    const { retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    if (row.deletedAt && restoreRefusal(row, { now, retentionMonths, parentActive: true }) === 'expired')
      throw expiredRecord(
        'patient',
        recoverableUntil({ ...row, deletedAt: row.deletedAt }, retentionMonths, now),
      );
    await finalizeExpiredOfPatient(tx, id, retentionMonths, now);
    const [held] = await tx
      .update(patients)
      .set({ holdReason: reason, holdPlacedAt: now, holdPlacedBy: actor.userId })
      .where(eq(patients.id, id))
      .returning();
    await recordAudit(tx, ctx, actor, {
      action: 'patient.hold_placed',
      targetType: 'patient',
      targetId: id,
      patientId: id,
      details: { reason },
    });
    const [presented] = await presentPatients(tx, held ? [held] : []);
    if (!presented) throw notFound('patient');
    return presented;
  });
}
