import type { Resource } from '@medplum/fhirtypes';
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { entryFhirExtras, patientFhirExtras } from '../db/schema-fhir.ts';

/** The resource a FHIR write carried, as of one version of the record. */
export interface Extra {
  version: number;
  resource: Record<string, unknown>;
}

const TABLES = {
  patient: { table: patientFhirExtras, id: patientFhirExtras.patientId },
  entry: { table: entryFhirExtras, id: entryFhirExtras.entryId },
} as const;
export type ExtraKind = keyof typeof TABLES;

/** Keeps what a write carried (without id, meta and text, which the server owns) as this version's. */
export async function saveExtra(
  db: Db,
  kind: ExtraKind,
  id: string,
  version: number,
  body: object,
): Promise<Extra> {
  const { id: _id, meta: _meta, text: _text, ...resource } = body as Record<string, unknown>;
  const { table } = TABLES[kind];
  const row = { [kind === 'patient' ? 'patientId' : 'entryId']: id, version, resource };
  await db
    .insert(table)
    .values(row as typeof patientFhirExtras.$inferInsert & typeof entryFhirExtras.$inferInsert)
    .onConflictDoUpdate({ target: [TABLES[kind].id, table.version], set: { resource } });
  return { version, resource };
}

/** The latest write at or before a version (a REST change since leaves the earlier write's extras). */
export async function extraAt(
  db: Db,
  kind: ExtraKind,
  id: string,
  version: number,
): Promise<Extra | undefined> {
  const { table, id: col } = TABLES[kind];
  const [row] = await db
    .select({ version: table.version, resource: table.resource })
    .from(table)
    .where(and(eq(col, id), lte(table.version, version)))
    .orderBy(desc(table.version))
    .limit(1);
  return row;
}

/** Every write of one record, newest first, for history. */
export async function extrasOf(db: Db, kind: ExtraKind, id: string): Promise<Extra[]> {
  const { table, id: col } = TABLES[kind];
  return db
    .select({ version: table.version, resource: table.resource })
    .from(table)
    .where(eq(col, id))
    .orderBy(desc(table.version));
}

/** The latest write of each record of a page. */
export async function latestExtras(db: Db, kind: ExtraKind, ids: string[]): Promise<Map<string, Extra>> {
  if (ids.length === 0) return new Map();
  const { table, id: col } = TABLES[kind];
  const rows = await db
    .selectDistinctOn([col], { id: col, version: table.version, resource: table.resource })
    .from(table)
    .where(inArray(col, ids))
    .orderBy(col, sql`${table.version} desc`);
  return new Map(rows.map((r) => [r.id, { version: r.version, resource: r.resource }]));
}

/** The extra in force at a version, from a record's writes (newest first). */
export const extraIn = (extras: Extra[], version: number) => extras.find((e) => e.version <= version);

/**
 * A resource as read: Vellum's mapping (`base`) joined with what the last FHIR write carried.
 * When that write made this very version, its elements come back as written; when the record
 * changed since (through the REST API or the web app), the mapped elements are Vellum's and the
 * others the write's. `id`, `meta` and `resourceType` are always the server's.
 */
export function joined<T extends Resource>(base: T, extra: Extra | undefined, mapped: readonly string[]): T {
  if (!extra) return base;
  const version = Number(base.meta?.versionId);
  const fresh = extra.version === version;
  const written = Object.entries(extra.resource).filter(([k]) => fresh || !mapped.includes(k));
  const out: Record<string, unknown> = { ...base, ...Object.fromEntries(written) };
  out.resourceType = base.resourceType;
  out.id = base.id;
  out.meta = base.meta;
  return out as T;
}
