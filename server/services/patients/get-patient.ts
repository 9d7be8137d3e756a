import { and, eq, getTableColumns } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { isUuid, requireAccount } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { deletedAnswer } from '../lifecycle/deleted-answer.ts';
import { presentationColumns, presentPatientRows } from './present.ts';

/** The patient with its presentation (own tags, consent, the consent level) in one statement. */
export async function getPatient(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  if (!isUuid(id)) throw notFound('patient');
  const [row] = await ctx.db
    .select({ ...getTableColumns(patients), ...presentationColumns })
    .from(patients)
    .where(and(eq(patients.id, id), eq(patients.accountId, accountId)));
  if (!row) throw notFound('patient');
  if (row.deletedAt) throw await deletedAnswer(ctx.db, 'patient', { ...row, deletedAt: row.deletedAt });
  const [patient] = await presentPatientRows(ctx.db, [row]);
  if (!patient) throw new Error('presenting a found patient gave nothing');
  // Logged only at the Comprehensive audit level.
  await recordAuditAlone(ctx, actor, {
    action: 'patient.view',
    targetType: 'patient',
    targetId: id,
    patientId: id,
  });
  return patient;
}
