import { requireAccount } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from './find.ts';
import { presentPatients } from './present.ts';

export async function getPatient(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const row = await requireActivePatient(ctx.db, accountId, id);
  const [patient] = await presentPatients(ctx.db, [row]);
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
