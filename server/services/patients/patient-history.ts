import { notFound } from '../../errors.ts';
import { requireAccount, requireHistoryVisible } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { historyVersion, listVersions } from '../versions.ts';
import { findPatient } from './find.ts';

/** History stays readable after a soft delete; only an expunge removes it. */
export async function patientHistory(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findPatient(ctx.db, accountId, id), 'patient');
  const items = await listVersions(ctx.db, 'patient', id);
  await recordAuditAlone(ctx, actor, {
    action: 'patient.history.view',
    targetType: 'patient',
    targetId: id,
    patientId: id,
  });
  return { items };
}

export async function patientVersion(ctx: Ctx, actor: Actor, id: string, version: number) {
  const accountId = requireAccount(actor, 'patients.history');
  requireHistoryVisible(actor, await findPatient(ctx.db, accountId, id), 'patient');
  const v = await historyVersion(ctx.db, 'patient', id, version);
  if (!v) throw notFound('version');
  // A past version is a view of the patient record too (logged only at the Comprehensive level).
  await recordAuditAlone(ctx, actor, {
    action: 'patient.history.view',
    targetType: 'patient',
    targetId: id,
    patientId: id,
    details: { version },
  });
  return v;
}
