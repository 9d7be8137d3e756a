import { eq } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { confirms, deletePatientPhrase } from '../../domain/confirmation.ts';
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
import { requireActivePatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { redactActivity } from './activity.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { confirmationMismatch, reasonRequired, refuseIfHeld } from './errors.ts';
import { markLesionsWithPatient } from './lesion-cascade.ts';
import { markDeleted } from './markers.ts';
import { removeRecords } from './remove-records.ts';

/**
 * Deletes a patient, saying why, and with it its active entries and images (a cascade rooted at the patient;
 * those deleted on their own before keep their markers; the cascade carries the patient's reason
 * and note). The typed phrase must name the patient.
 * Recoverable and Standard keep the rows and files until expiry (Standard also removes their
 * activity log, leaving one deletion event); Permanent removes files, rows and log at once.
 */
export async function deletePatient(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  confirmation: string | undefined,
  given: { reason?: DeletionReason | undefined; reasonNote?: string | undefined },
) {
  const accountId = requireAccount(actor, 'records.delete');
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await requireActivePatient(tx, accountId, id, true);
    refuseIfHeld(row, 'patient');
    const why = deletionWhy('patient', { reason: given.reason, note: given.reasonNote });
    if (!why) throw reasonRequired('patient');
    const phrase = deletePatientPhrase(row.uniqueId);
    if (!confirms(confirmation, phrase)) throw confirmationMismatch(phrase);
    const { deletionPolicy: policy, retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    const marker = { now, actorId: actor.userId, rootId: id, why };
    // Under Permanent the rows are marked as being removed at once, so that if the removal below
    // stops (a crash), nothing can recover them and the next cleanup finishes them.
    const kept = POLICY_EFFECTS[policy].keepsData;
    const entryIds = await markDeleted(tx, 'entry', eq(entries.patientId, id), {
      ...marker,
      kind: kept ? 'cascade' : REMOVING,
    });
    const imageIds = await markDeleted(tx, 'image', eq(images.patientId, id), {
      ...marker,
      kind: kept ? 'cascade' : REMOVING,
    });
    await markLesionsWithPatient(tx, id, { ...marker, kind: kept ? 'cascade' : REMOVING });
    await markDeleted(tx, 'patient', eq(patients.id, id), {
      ...marker,
      kind: kept ? 'individual' : REMOVING,
    });
    const deleted = { patients: 1, entries: entryIds.length, images: imageIds.length };
    if (!POLICY_EFFECTS[policy].keepsActivityLog) await redactActivity(tx, now, { patientIds: [id] });
    if (POLICY_EFFECTS[policy].keepsData) {
      await recordAudit(tx, ctx, actor, {
        action: 'patient.delete',
        targetType: 'patient',
        targetId: id,
        patientId: id,
        details: { policy, deleted, reason: why.reason, reasonNote: why.note },
      });
      await refreshActivityExpiry(tx, { patientIds: [id] });
    }
    const expiresAt = POLICY_EFFECTS[policy].keepsData ? expiryOf(now, retentionMonths).toISOString() : null;
    return { deleted, policy, expiresAt, why };
  });
  if (!POLICY_EFFECTS[outcome.policy].keepsData) {
    // Soft-deleted above, so nobody sees it while its files and rows go.
    await removeRecords(ctx, storage, { patientIds: [id] });
    await recordAuditAlone(ctx, actor, {
      action: 'patient.delete',
      targetType: 'patient',
      targetId: id,
      details: {
        policy: outcome.policy,
        deleted: outcome.deleted,
        reason: outcome.why.reason,
        reasonNote: outcome.why.note,
      },
    });
  }
  const { why: _w, ...result } = outcome;
  return result;
}
