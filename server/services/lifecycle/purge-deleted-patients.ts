import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { isUuid, requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { openDestruction } from './destruction-record.ts';
import { legalHold, notDeleted } from './errors.ts';
import { addRemoved, noneRemoved, removeRecords } from './remove-records.ts';

export interface PurgeTarget {
  patientId?: string;
  /** Every deleted patient this user created (the deleted-patients list's physician). */
  physicianId?: string;
}

/**
 * The operator's manual cleanup: removes now, before their expiry, one deleted patient or all the
 * deleted patients of one physician, each with its compartment and files (files first). Only
 * deleted patients: an active one is refused, and so is one under legal hold (a physician's held
 * patients are left out). `dryRun` lists what would go and removes nothing.
 */
export async function purgeDeletedPatients(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  target: PurgeTarget,
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
) {
  requireCapability(actor, 'cleanup.run');
  const id = target.patientId ?? target.physicianId ?? '';
  if (!isUuid(id)) throw notFound(target.patientId ? 'patient' : 'user');
  const by = target.patientId ? eq(patients.id, id) : eq(patients.createdBy, id);
  const rows = await ctx.db
    .select({
      id: patients.id,
      uniqueId: patients.uniqueId,
      deletedAt: patients.deletedAt,
      holdPlacedAt: patients.holdPlacedAt,
    })
    .from(patients)
    .where(target.patientId ? by : and(by, isNotNull(patients.deletedAt), isNull(patients.holdPlacedAt)))
    .orderBy(asc(patients.deletedAt), asc(patients.id));
  if (target.patientId) {
    if (!rows[0]) throw notFound('patient');
    if (!rows[0].deletedAt) throw notDeleted('patient');
    if (rows[0].holdPlacedAt) throw legalHold('patient');
  }
  const found = rows.map((r) => ({ id: r.id, uniqueId: r.uniqueId }));
  let removed = noneRemoved();
  if (options.dryRun) return { patients: found, removed, dryRun: true };
  // One destruction record for the whole purge.
  const destruction = openDestruction(ctx.clock.now(), 'purge', actor, 'manual purge of deleted patients');
  for (const [i, p] of found.entries()) {
    removed = addRemoved(removed, await removeRecords(ctx, storage, { patientIds: [p.id] }, { destruction }));
    options.onProgress?.(i + 1, found.length);
  }
  await recordAuditAlone(ctx, actor, {
    action: 'patients.purge',
    accountId: null,
    details: { ...target, removed },
  });
  return { patients: found, removed, dryRun: false };
}
