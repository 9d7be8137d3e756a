import { and, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { DeletionKind, DeletionReason, DeletionWhy } from '../../domain/lifecycle.ts';
import type { RecordType, VersionOperation } from '../versions.ts';
import { RECORD_KINDS, recordTable } from './record-kinds.ts';

// The three versioned records share their deletion columns (deleted_at, deleted_by, deletion_kind,
// deletion_root_id, deletion_reason, deletion_note) and version; these helpers set or clear them
// and write the matching versions.
const table = recordTable;

export interface Marker {
  now: Date;
  actorId: string;
  kind: DeletionKind;
  rootId: string;
  /** Why; a cascade's records carry the reason and note of its root. */
  why: DeletionWhy;
}

/** Why a record was deleted, as the tracking lists show it (null: deleted before reasons were kept). */
export const presentWhy = (r: { deletionReason: string | null; deletionNote: string | null }) => ({
  reason: r.deletionReason as DeletionReason | null,
  reasonNote: r.deletionNote,
});

/**
 * Soft-deletes the active rows of one record type that match `where`: markers set, version + 1,
 * and a 'delete' version of each. Returns the ids it deleted (rows already deleted keep theirs).
 */
export async function markDeleted(tx: Db, type: RecordType, where: SQL | undefined, m: Marker) {
  const t = table(type);
  const rows = await tx
    .update(t)
    .set({
      deletedAt: m.now,
      deletedBy: m.actorId,
      deletionKind: m.kind,
      deletionRootId: m.rootId,
      deletionReason: m.why.reason,
      deletionNote: m.why.note,
      version: sql`${t.version} + 1`,
    })
    .where(and(isNull(t.deletedAt), where))
    .returning({ id: t.id });
  const ids = rows.map((r) => r.id);
  await copyVersions(tx, type, ids, 'delete', m.now, m.actorId);
  return ids;
}

/** Clears the markers of these deleted rows, version + 1, and writes a 'restore' version of each. */
export async function markRestored(tx: Db, type: RecordType, ids: string[], now: Date, actorId: string) {
  if (ids.length === 0) return [];
  const t = table(type);
  const rows = await tx
    .update(t)
    .set({
      deletedAt: null,
      deletedBy: null,
      deletionKind: null,
      deletionRootId: null,
      deletionReason: null,
      deletionNote: null,
      version: sql`${t.version} + 1`,
    })
    .where(and(inArray(t.id, ids), isNotNull(t.deletedAt)))
    .returning({ id: t.id });
  const restored = rows.map((r) => r.id);
  await copyVersions(tx, type, restored, 'restore', now, actorId);
  return restored;
}

/**
 * A delete or restore changes no field a person typed: its version carries the data of the
 * version before it, so history reads the same record with the operation that happened to it.
 */
async function copyVersions(
  tx: Db,
  type: RecordType,
  ids: string[],
  operation: VersionOperation,
  now: Date,
  actorId: string,
) {
  if (ids.length === 0) return;
  const name = sql.raw(RECORD_KINDS[type].tableName);
  const patientId = type === 'patient' ? sql`t.id` : sql`t.patient_id`;
  await tx.execute(sql`
    insert into record_versions
      (record_type, record_id, version, account_id, patient_id, operation, data, changed_at, changed_by)
    select ${type}, t.id, t.version, t.account_id, ${patientId}, ${operation},
      coalesce((select rv.data from record_versions rv
        where rv.record_type = ${type} and rv.record_id = t.id
        order by rv.version desc limit 1), '{}'::jsonb),
      ${now.toISOString()}::timestamptz, ${actorId}
    from ${name} t where t.id in ${ids}
  `);
}
