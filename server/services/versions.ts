import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { namedStatement } from '../db/named-statement.ts';
import { recordVersions } from '../db/schema.ts';

export type RecordType = 'patient' | 'entry' | 'image';
export type VersionOperation = 'create' | 'update' | 'delete' | 'restore';

/** Written in the same transaction as the change it records. */
export async function writeVersion(
  tx: Db,
  v: {
    recordType: RecordType;
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

// Every change writes one: a named statement, planned once per connection.
const insertVersion = namedStatement(
  'record_version_insert',
  `insert into record_versions
    (record_type, record_id, version, account_id, patient_id, operation, data, changed_at, changed_by)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
);

export async function listVersions(db: Db, recordType: RecordType, recordId: string) {
  const rows = await db
    .select()
    .from(recordVersions)
    .where(and(eq(recordVersions.recordType, recordType), eq(recordVersions.recordId, recordId)))
    .orderBy(desc(recordVersions.version));
  return rows.map(presentVersion);
}

export async function readVersion(db: Db, recordType: RecordType, recordId: string, version: number) {
  const [row] = await db
    .select()
    .from(recordVersions)
    .where(
      and(
        eq(recordVersions.recordType, recordType),
        eq(recordVersions.recordId, recordId),
        eq(recordVersions.version, version),
      ),
    );
  return row ? presentVersion(row) : undefined;
}

const presentVersion = (r: typeof recordVersions.$inferSelect) => ({
  version: r.version,
  operation: r.operation,
  changedAt: r.changedAt.toISOString(),
  changedBy: r.changedBy,
  data: r.data as Record<string, unknown>,
});
