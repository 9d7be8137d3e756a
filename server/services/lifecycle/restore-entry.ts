import { recoverableUntil, restoreRefusal } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { presentOne } from '../entries/change-entry.ts';
import { findEntry } from '../entries/find.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { findPatient } from '../patients/find.ts';
import { readSettings } from '../settings.ts';
import { refreshActivityExpiry } from './activity-expiry.ts';
import { expiredRecord, notDeleted, parentDeleted } from './errors.ts';
import { markRestored } from './markers.ts';

/** Recovers one deleted entry while its patient is active and it has not expired. */
export async function restoreEntry(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'records.restore');
  return ctx.db.transaction(async (tx) => {
    const found = await findEntry(tx, accountId, id);
    if (!found) throw notFound('entry');
    // Patient first, then the entry: the order every deletion locks them in.
    const patient = await findPatient(tx, accountId, found.patientId, true);
    const entry = await findEntry(tx, accountId, id, true);
    if (!entry || !patient) throw notFound('entry');
    const { retentionMonths } = await readSettings(tx);
    const now = ctx.clock.now();
    const refusal = restoreRefusal(entry, {
      now,
      retentionMonths,
      parentActive: !patient.deletedAt,
      held: patient.holdPlacedAt !== null,
    });
    if (refusal === 'not_deleted' || !entry.deletedAt) throw notDeleted('entry');
    if (refusal === 'expired')
      throw expiredRecord(
        'entry',
        recoverableUntil({ ...entry, deletedAt: entry.deletedAt }, retentionMonths, now),
      );
    if (refusal === 'parent_deleted') throw parentDeleted('entry');
    await markRestored(tx, 'entry', [id], now, actor.userId);
    await refreshActivityExpiry(tx, { targetIds: [id] });
    await refreshPatientStats(tx, entry.patientId, now);
    await refreshEffectiveTags(tx, [entry.patientId]);
    await recordAudit(tx, ctx, actor, {
      action: 'entry.restore',
      targetType: 'entry',
      targetId: id,
      patientId: entry.patientId,
    });
    return presentOne(tx, accountId, id);
  });
}
