import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { confirms, restorePatientPhrase } from '../../domain/confirmation.ts';
import { recoverableUntil, restoredWithPatient, restoreRefusal } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { isUniqueViolation } from '../db-errors.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { uniqueIdTaken } from '../patients/create-patient.ts';
import { findPatient } from '../patients/find.ts';
import { presentPatients } from '../patients/present.ts';
import { readSettings } from '../settings.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { confirmationMismatch, expiredRecord, notDeleted } from './errors.ts';
import { restoreLesionsWithPatient } from './lesion-cascade.ts';
import { markRestored } from './markers.ts';

/**
 * Recovers a deleted patient with exactly what its deletion took along (its cascade); entries and
 * images deleted on their own before stay deleted. Refused once expired, and while an active
 * patient of the account holds the same unique ID.
 */
export async function restorePatient(ctx: Ctx, actor: Actor, id: string, confirmation: string | undefined) {
  const accountId = requireAccount(actor, 'records.restore');
  let uniqueId: string | undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await findPatient(tx, accountId, id, true);
      if (!row) throw notFound('patient');
      uniqueId = row.uniqueId;
      const { retentionMonths } = await readSettings(tx);
      const now = ctx.clock.now();
      const refusal = restoreRefusal(row, {
        now,
        retentionMonths,
        parentActive: true,
        held: row.holdPlacedAt !== null,
      });
      if (refusal === 'not_deleted' || !row.deletedAt) throw notDeleted('patient');
      if (refusal === 'expired')
        throw expiredRecord(
          'patient',
          recoverableUntil({ ...row, deletedAt: row.deletedAt }, retentionMonths, now),
        );
      const phrase = restorePatientPhrase(row.uniqueId);
      if (!confirms(confirmation, phrase)) throw confirmationMismatch(phrase);
      const [holder] = await tx
        .select({ id: patients.id })
        .from(patients)
        .where(
          and(
            eq(patients.accountId, accountId),
            eq(patients.uniqueId, row.uniqueId),
            isNull(patients.deletedAt),
            ne(patients.id, id),
          ),
        );
      if (holder) throw uniqueIdTaken(row.uniqueId);
      const [entryIds, imageIds] = await cascadeOf(tx, id);
      await markRestored(tx, 'patient', [id], now, actor.userId);
      await markRestored(tx, 'entry', entryIds, now, actor.userId);
      await markRestored(tx, 'image', imageIds, now, actor.userId);
      const lesionIds = await restoreLesionsWithPatient(tx, id, now, actor.userId);
      await refreshActivityExpiry(tx, {
        patientIds: [id],
        targetIds: [...entryIds, ...imageIds, ...lesionIds],
      });
      await refreshPatientStats(tx, id, now);
      await refreshEffectiveTags(tx, [id]);
      await recordAudit(tx, ctx, actor, {
        action: 'patient.restore',
        targetType: 'patient',
        targetId: id,
        patientId: id,
        details: { restored: { entries: entryIds.length, images: imageIds.length } },
      });
      const restored = await findPatient(tx, accountId, id);
      const [patient] = await presentPatients(tx, restored ? [restored] : []);
      if (!patient) throw new Error('patient vanished inside its own transaction');
      return patient;
    });
  } catch (err) {
    // Someone created the same unique ID at the same moment: the partial unique index decides.
    if (uniqueId && isUniqueViolation(err, 'patients_unique_id_active')) throw uniqueIdTaken(uniqueId);
    throw err;
  }
}

/** The ids of the entries and images deleted by this patient's own deletion. */
async function cascadeOf(tx: Db, patientId: string): Promise<[string[], string[]]> {
  const markers = {
    id: entries.id,
    deletedAt: entries.deletedAt,
    deletionKind: entries.deletionKind,
    deletionRootId: entries.deletionRootId,
  };
  const [deletedEntries, deletedImages] = await together(tx, [
    () =>
      tx
        .select(markers)
        .from(entries)
        .where(and(eq(entries.patientId, patientId), isNotNull(entries.deletedAt))),
    () =>
      tx
        .select({
          id: images.id,
          deletedAt: images.deletedAt,
          deletionKind: images.deletionKind,
          deletionRootId: images.deletionRootId,
        })
        .from(images)
        .where(and(eq(images.patientId, patientId), isNotNull(images.deletedAt))),
  ]);
  return [
    restoredWithPatient(patientId, deletedEntries).map((e) => e.id),
    restoredWithPatient(patientId, deletedImages).map((i) => i.id),
  ];
}
