import { and, eq, isNull, ne } from 'drizzle-orm';
import type { PatientPatch } from '../../../shared/schemas/patients.ts';
import { patients, patientTags } from '../../db/schema.ts';
import { blankToNull, dateOfBirthProblem } from '../../domain/patient-fields.ts';
import { invalid, staleVersion } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { isUniqueViolation } from '../db-errors.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { uniqueIdTaken, validUniqueId } from './create-patient.ts';
import { findPatient, requireActivePatient } from './find.ts';
import { presentPatients, snapshot } from './present.ts';

/** Changes some fields; every change is a new version. `ifMatch` guards against lost updates. */
export async function updatePatient(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: PatientPatch,
  ifMatch?: number,
) {
  const accountId = requireAccount(actor, 'patients.write');
  const uniqueId = patch.uniqueId === undefined ? undefined : validUniqueId(patch.uniqueId);
  const { tagIds, uniqueId: _u, ...given } = patch;
  const fields = blankToNull(given);
  const dobProblem = dateOfBirthProblem(fields.dateOfBirth, ctx.clock.now());
  if (dobProblem) throw invalid(dobProblem, { dateOfBirth: dobProblem });
  try {
    return await ctx.db.transaction(async (tx) => {
      const current = await requireActivePatient(tx, accountId, id, true);
      if (ifMatch !== undefined && ifMatch !== current.version) throw staleVersion(current.version);
      if (Object.keys(patch).length === 0) {
        // Nothing to change: no new version, no audit event.
        const [unchanged] = await presentPatients(tx, [current]);
        if (unchanged) return unchanged;
      }
      if (uniqueId && uniqueId !== current.uniqueId) {
        const [holder] = await tx
          .select({ id: patients.id })
          .from(patients)
          .where(
            and(
              eq(patients.accountId, accountId),
              eq(patients.uniqueId, uniqueId),
              isNull(patients.deletedAt),
              ne(patients.id, id),
            ),
          );
        if (holder) throw uniqueIdTaken(uniqueId);
      }
      const now = ctx.clock.now();
      const version = current.version + 1;
      await tx
        .update(patients)
        .set({ ...fields, ...(uniqueId ? { uniqueId } : {}), version, lastModifiedAt: now })
        .where(eq(patients.id, id));
      if (tagIds !== undefined) {
        const tagSet = await assertTagIds(tx, accountId, tagIds);
        await tx.delete(patientTags).where(eq(patientTags.patientId, id));
        if (tagSet.length)
          await tx.insert(patientTags).values(tagSet.map((tagId) => ({ patientId: id, tagId, accountId })));
        await refreshEffectiveTags(tx, [id]);
      }
      const row = await findPatient(tx, accountId, id);
      const [patient] = await presentPatients(tx, row ? [row] : []);
      if (!patient) throw new Error('patient vanished inside its own transaction');
      await writeVersion(tx, {
        recordType: 'patient',
        recordId: id,
        version,
        accountId,
        patientId: id,
        operation: 'update',
        data: snapshot(patient),
        changedAt: now,
        changedBy: actor.userId,
      });
      await recordAudit(tx, ctx, actor, {
        action: 'patient.update',
        targetType: 'patient',
        targetId: id,
        patientId: id,
        details: { version, fields: Object.keys(patch).sort() },
      });
      return patient;
    });
  } catch (err) {
    if (uniqueId && isUniqueViolation(err, 'patients_unique_id_active')) throw uniqueIdTaken(uniqueId);
    throw err;
  }
}
