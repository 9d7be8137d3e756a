import { eq } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { conflict, notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { findPatient } from '../patients/find.ts';
import { presentPatients } from '../patients/present.ts';
import { readSettings } from '../settings.ts';
import { finalizeExpiredOfPatient } from './hold-expiry.ts';
import { runRemoval } from './run-cleanup.ts';

/**
 * Releases a patient's legal hold. Its deleted records expire again from their deletion time under
 * the retention now in force; those whose expiry has passed are removed at once (recorded as a
 * cleanup run: a file that cannot be removed is a failure the next cleanup finishes).
 */
export async function releaseHold(ctx: Ctx, storage: BlobStore, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'records.hold');
  const { presented, due } = await ctx.db.transaction(async (tx) => {
    const row = await findPatient(tx, accountId, id, true);
    if (!row) throw notFound('patient');
    if (!row.holdPlacedAt) throw conflict('not_held', 'This patient is not under a legal hold.');
    const [released] = await tx
      .update(patients)
      .set({ holdReason: null, holdPlacedAt: null, holdPlacedBy: null })
      .where(eq(patients.id, id))
      .returning();
    const { retentionMonths } = await readSettings(tx);
    const due = await finalizeExpiredOfPatient(tx, id, retentionMonths, ctx.clock.now());
    await recordAudit(tx, ctx, actor, {
      action: 'patient.hold_released',
      targetType: 'patient',
      targetId: id,
      patientId: id,
      details: { reason: row.holdReason, placedAt: row.holdPlacedAt.toISOString(), expired: due },
    });
    const [presented] = await presentPatients(tx, released ? [released] : []);
    if (!presented) throw notFound('patient');
    return { presented, due };
  });
  if (due.records > 0) {
    // The marked records are finished by the removal's resume of interrupted removals.
    await runRemoval(ctx, storage, actor, {
      trigger: 'hold_release',
      stages: ['records'],
      already: { logs: due.logs },
    });
  }
  return presented;
}
