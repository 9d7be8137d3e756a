import type { Db } from '../../db/client.ts';
import { textStatement } from '../../db/text-statement.ts';
import { burstAuditFields, joinsBurst } from '../../domain/edit-burst.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { foldIntoVersion, readVersion, writeVersion } from '../versions.ts';
import { entrySnapshot, type PresentedEntry } from './present.ts';

/**
 * Records a clinical change of an entry: its version and its audit event. A live edit that
 * continues its author's burst (domain/edit-burst.ts) folds into the newest version instead of
 * adding one, and adds an audit event only for a field the burst's events do not name yet.
 */
export async function recordEntryChange(
  tx: Db,
  ctx: Ctx,
  actor: Actor,
  change: {
    accountId: string;
    previousVersion: number;
    updated: PresentedEntry;
    fields: string[];
    live: boolean;
  },
) {
  const { updated, previousVersion, fields } = change;
  const now = ctx.clock.now();
  const newest = change.live ? await readVersion(tx, 'entry', updated.id, previousVersion) : undefined;
  const folding = joinsBurst(
    newest && { ...newest, changedAt: new Date(newest.changedAt) },
    actor.userId,
    now,
  );
  const version = { recordType: 'entry' as const, recordId: updated.id, version: updated.version };
  if (folding) {
    await foldIntoVersion(tx, {
      ...version,
      from: previousVersion,
      data: entrySnapshot(updated),
      changedAt: now,
    });
  } else {
    await writeVersion(tx, {
      ...version,
      accountId: change.accountId,
      patientId: updated.patientId,
      operation: 'update',
      data: entrySnapshot(updated),
      changedAt: now,
      changedBy: actor.userId,
    });
  }
  const auditFields = folding ? burstAuditFields(fields, await fieldsNamedLast(tx, updated.id)) : fields;
  if (!auditFields) return;
  await recordAudit(tx, ctx, actor, {
    action: 'entry.update',
    targetType: 'entry',
    targetId: updated.id,
    patientId: updated.patientId,
    details: { version: updated.version, fields: auditFields },
  });
}

/** The fields the entry's newest change event names (none once retention removed its details). */
async function fieldsNamedLast(tx: Db, entryId: string): Promise<string[] | undefined> {
  const [row] = await lastChangeEvent(tx, [entryId]);
  const details = typeof row?.details === 'string' ? JSON.parse(row.details) : row?.details;
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  return Array.isArray(fields) ? fields.map(String) : undefined;
}

const lastChangeEvent = textStatement<{
  details: unknown;
}>(`select details from audit_events where target_id = $1 and action = 'entry.update'
  order by seq desc limit 1`);
