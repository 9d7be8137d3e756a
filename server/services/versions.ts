import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { recordVersions, users } from '../db/schema.ts';
import { textStatement } from '../db/text-statement.ts';

export type RecordType = 'patient' | 'entry' | 'image' | 'lesion';
/** Records with versions: the deletable kinds, which are all of them. */
export type VersionedType = RecordType;
export type VersionOperation = 'create' | 'update' | 'delete' | 'restore';

/** Written in the same transaction as the change it records. */
export async function writeVersion(
  tx: Db,
  v: {
    recordType: VersionedType;
    recordId: string;
    version: number;
    accountId: string;
    patientId: string | null;
    operation: VersionOperation;
    data: Record<string, unknown>;
    changedAt: Date;
    changedBy: string | null;
  },
) {
  await insertVersion(tx, [
    v.recordType,
    v.recordId,
    v.version,
    v.accountId,
    v.patientId,
    v.operation,
    JSON.stringify(v.data),
    v.changedAt.toISOString(),
    v.changedBy,
  ]);
}

// Every change writes one: written once as text, no query builder per call.
const insertVersion = textStatement(`insert into record_versions
    (record_type, record_id, version, account_id, patient_id, operation, data, changed_at, changed_by)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`);

/** A record's history, newest first, each version with the e-mail of whoever made it. */
export async function listVersions(db: Db, recordType: RecordType, recordId: string) {
  const rows = await selectWithAuthor(db)
    .where(and(eq(recordVersions.recordType, recordType), eq(recordVersions.recordId, recordId)))
    .orderBy(desc(recordVersions.version));
  return rows.map(presentWithAuthor);
}

/** One version as history shows it (with the author's e-mail). */
export async function historyVersion(db: Db, recordType: RecordType, recordId: string, version: number) {
  const [row] = await selectWithAuthor(db).where(versionKey(recordType, recordId, version));
  return row ? presentWithAuthor(row) : undefined;
}

/** One version's stored row alone: what merging a live edit and the fan-out read, without the join. */
export async function readVersion(db: Db, recordType: RecordType, recordId: string, version: number) {
  const [row] = await db
    .select()
    .from(recordVersions)
    .where(versionKey(recordType, recordId, version));
  return row ? presentVersion(row) : undefined;
}

/**
 * The state a live edit made against `version` is merged from: that version, or, when it was
 * folded into a later one by an edit burst, the newest version before it (an older base only
 * finds more conflicts, never fewer).
 */
export async function readVersionAtOrBefore(
  db: Db,
  recordType: VersionedType,
  recordId: string,
  version: number,
) {
  const [row] = await db
    .select()
    .from(recordVersions)
    .where(
      and(
        eq(recordVersions.recordType, recordType),
        eq(recordVersions.recordId, recordId),
        lte(recordVersions.version, version),
      ),
    )
    .orderBy(desc(recordVersions.version))
    .limit(1);
  return row ? presentVersion(row) : undefined;
}

/** The version holding `version`'s changes: itself, or the later one a burst folded it into. */
export async function readVersionHolding(
  db: Db,
  recordType: VersionedType,
  recordId: string,
  version: number,
) {
  const [row] = await db
    .select()
    .from(recordVersions)
    .where(
      and(
        eq(recordVersions.recordType, recordType),
        eq(recordVersions.recordId, recordId),
        gte(recordVersions.version, version),
      ),
    )
    .orderBy(recordVersions.version)
    .limit(1);
  return row ? presentVersion(row) : undefined;
}

/**
 * Folds a change into the record's newest version (an edit burst, domain/edit-burst.ts): the row
 * takes the new number, snapshot and time, so history's newest version is always the record's.
 */
export async function foldIntoVersion(
  tx: Db,
  v: {
    recordType: RecordType;
    recordId: string;
    from: number;
    version: number;
    data: Record<string, unknown>;
    changedAt: Date;
  },
) {
  await foldVersion(tx, [
    v.recordType,
    v.recordId,
    v.from,
    v.version,
    JSON.stringify(v.data),
    v.changedAt.toISOString(),
  ]);
}

const foldVersion = textStatement(`update record_versions set version = $4, data = $5, changed_at = $6
  where record_type = $1 and record_id = $2 and version = $3`);

const versionKey = (recordType: RecordType, recordId: string, version: number): SQL | undefined =>
  and(
    eq(recordVersions.recordType, recordType),
    eq(recordVersions.recordId, recordId),
    eq(recordVersions.version, version),
  );

// A user removed for good keeps its row (records name its id) with a placeholder e-mail: no one.
const selectWithAuthor = (db: Db) =>
  db
    .select({
      version: recordVersions.version,
      operation: recordVersions.operation,
      changedAt: recordVersions.changedAt,
      changedBy: recordVersions.changedBy,
      data: recordVersions.data,
      changedByEmail: sql<string | null>`case when ${users.removedAt} is null then ${users.email} end`,
    })
    .from(recordVersions)
    .leftJoin(users, eq(users.id, recordVersions.changedBy));

interface StoredVersion {
  version: number;
  operation: string;
  changedAt: Date;
  changedBy: string | null;
  data: unknown;
}

const presentVersion = (r: StoredVersion) => ({
  version: r.version,
  operation: r.operation,
  changedAt: r.changedAt.toISOString(),
  changedBy: r.changedBy,
  data: r.data as Record<string, unknown>,
});

const presentWithAuthor = (r: StoredVersion & { changedByEmail: string | null }) => ({
  ...presentVersion(r),
  changedByEmail: r.changedByEmail,
});
