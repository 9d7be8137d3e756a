import { randomUUID } from 'node:crypto';
import type { PatientCreate } from '../../../shared/schemas/patients.ts';
import { patients, patientTags } from '../../db/schema.ts';
import { blankToNull, dateOfBirthProblem } from '../../domain/patient-fields.ts';
import { normalizeUniqueId } from '../../domain/unique-id.ts';
import { conflict, invalid } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { isUniqueViolation } from '../db-errors.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { findPatient } from './find.ts';
import { presentPatients, snapshot } from './present.ts';

export const uniqueIdTaken = (uniqueId: string) =>
  conflict('unique_id_taken', `An active patient already has the unique ID "${uniqueId}".`, { uniqueId });

export function validUniqueId(input: string): string {
  const result = normalizeUniqueId(input);
  if (!result.ok) throw invalid(result.message, { uniqueId: result.message });
  return result.value;
}

export async function createPatient(ctx: Ctx, actor: Actor, input: PatientCreate) {
  const accountId = requireAccount(actor, 'patients.write');
  const uniqueId = validUniqueId(input.uniqueId);
  const { tagIds = [], uniqueId: _u, ...given } = input;
  const fields = blankToNull(given);
  const dobProblem = dateOfBirthProblem(fields.dateOfBirth, ctx.clock.now());
  if (dobProblem) throw invalid(dobProblem, { dateOfBirth: dobProblem });
  try {
    return await ctx.db.transaction(async (tx) => {
      const tagSet = await assertTagIds(tx, accountId, tagIds);
      const now = ctx.clock.now();
      const id = randomUUID();
      await tx.insert(patients).values({
        ...fields,
        id,
        accountId,
        uniqueId,
        version: 1,
        lastModifiedAt: now,
        createdAt: now,
        createdBy: actor.userId,
      });
      if (tagSet.length)
        await tx.insert(patientTags).values(tagSet.map((tagId) => ({ patientId: id, tagId, accountId })));
      await refreshEffectiveTags(tx, [id]);
      const row = await findPatient(tx, accountId, id);
      const [patient] = await presentPatients(tx, row ? [row] : []);
      if (!patient) throw new Error('patient vanished inside its own transaction');
      await writeVersion(tx, {
        recordType: 'patient',
        recordId: id,
        version: 1,
        accountId,
        patientId: id,
        operation: 'create',
        data: snapshot(patient),
        changedAt: now,
        changedBy: actor.userId,
      });
      await recordAudit(tx, ctx, actor, {
        action: 'patient.create',
        targetType: 'patient',
        targetId: id,
        patientId: id,
        details: { uniqueId },
      });
      return patient;
    });
  } catch (err) {
    // Two people creating the same ID at once: the partial unique index decides.
    if (isUniqueViolation(err, 'patients_unique_id_active')) throw uniqueIdTaken(uniqueId);
    throw err;
  }
}
