import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { EntryChanges, entryCreateBody } from '../../../shared/schemas/entries.ts';
import { entries, entryTags } from '../../db/schema-clinical.ts';
import { staleVersion } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit, recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { requireActivePatient } from '../patients/find.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { applyEntryChanges, presentOne } from './change-entry.ts';
import { assertActiveEntry, requireActiveEntry } from './find.ts';
import { entrySnapshot, lockAndPresentEntry, type PresentedEntry, presentEntries } from './present.ts';

export async function createEntry(
  ctx: Ctx,
  actor: Actor,
  patientId: string,
  input: z.infer<typeof entryCreateBody>,
) {
  const accountId = requireAccount(actor, 'patients.write');
  return ctx.db.transaction(async (tx) => {
    await requireActivePatient(tx, accountId, patientId, true);
    const tagSet = await assertTagIds(tx, accountId, input.tagIds ?? []);
    const now = ctx.clock.now();
    const id = randomUUID();
    await tx.insert(entries).values({
      id,
      accountId,
      patientId,
      appointmentAt: input.appointmentAt,
      physicianId: actor.userId,
      notes: input.notes ?? '',
      createdAt: now,
      lastModifiedAt: now,
    });
    if (tagSet.length)
      await tx.insert(entryTags).values(tagSet.map((tagId) => ({ entryId: id, tagId, accountId })));
    await refreshPatientStats(tx, patientId, now);
    await refreshEffectiveTags(tx, [patientId]);
    const entry = await presentOne(tx, accountId, id);
    await writeVersion(tx, {
      recordType: 'entry',
      recordId: id,
      version: 1,
      accountId,
      patientId,
      operation: 'create',
      data: entrySnapshot(entry),
      changedAt: now,
      changedBy: actor.userId,
    });
    await recordAudit(tx, ctx, actor, {
      action: 'entry.create',
      targetType: 'entry',
      targetId: id,
      patientId,
    });
    return entry;
  });
}

export async function listEntries(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  await requireActivePatient(ctx.db, accountId, patientId);
  const rows = await ctx.db
    .select()
    .from(entries)
    .where(and(eq(entries.patientId, patientId), eq(entries.accountId, accountId), isNull(entries.deletedAt)))
    .orderBy(asc(entries.appointmentAt));
  const items = await presentEntries(ctx.db, rows);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

export async function getEntry(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const row = await requireActiveEntry(ctx.db, accountId, id);
  await requireActivePatient(ctx.db, accountId, row.patientId);
  await recordAuditAlone(ctx, actor, {
    action: 'patient.view',
    targetType: 'entry',
    targetId: id,
    patientId: row.patientId,
  });
  return presentOne(ctx.db, accountId, id);
}

/** PATCH /api/entries/{id}: the same rules as live editing, with If-Match instead of a base version. */
export async function updateEntry(
  ctx: Ctx,
  actor: Actor,
  id: string,
  changes: EntryChanges,
  ifMatch?: number,
) {
  const accountId = requireAccount(actor, 'patients.write');
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAndPresentEntry(tx, accountId, id);
    const entry = await assertActiveEntry(tx, locked?.entry);
    if (ifMatch !== undefined && ifMatch !== entry.version) throw staleVersion(entry.version);
    const current = locked?.presented as PresentedEntry;
    return applyEntryChanges(tx, ctx, actor, entry, current, changes, { live: false });
  });
}
