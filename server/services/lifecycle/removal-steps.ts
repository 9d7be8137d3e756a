import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { REMOVING } from '../../domain/lifecycle.ts';

// The SQL steps of one removal batch (remove-records.ts), each one statement: the batch costs a
// fixed number of round trips whatever its size.

export interface BatchTarget {
  patientIds: string[];
  entryIds: string[];
  imageIds: string[];
  lesionIds: string[];
}

export interface BatchRow {
  kind: 'image' | 'entry' | 'lesion' | 'consent';
  id: string;
  patient_id: string;
  deleted_at: unknown;
  keys: (string | null)[];
  /** The stored SHA-256 of each key's file, where one was kept. */
  hashes: (string | null)[];
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** `col in ids`, or false for none (SQL has no empty list). */
const within = (col: SQL, ids: string[]): SQL => (ids.length ? sql`${col} in ${ids}` : sql`false`);

/** The rows of a batch: named items plus everything in the named patients' compartments. */
const ofBatch = (t: BatchTarget, ids: string[]) =>
  sql`(${within(sql`id`, ids)} or ${within(sql`patient_id`, t.patientIds)})`;

/**
 * Marks the deleted rows among the batch's patients, entries and images (with the compartments) as
 * being removed, and reads the items and their stored files' keys, in one statement (committed on
 * its own before any file goes). Active rows keep their state. The reads see the rows as they were
 * when the statement began, which the marking does not change but for the kind.
 */
export async function markAndRead(db: Db, t: BatchTarget): Promise<BatchRow[]> {
  const mark = (table: string, where: SQL) =>
    sql`update ${sql.raw(table)} set deletion_kind = ${REMOVING} where ${where} and deleted_at is not null returning 1`;
  const res = await db.execute(sql`
    with marked_patients as (${mark('patients', within(sql`id`, t.patientIds))}),
      marked_entries as (${mark('entries', ofBatch(t, t.entryIds))}),
      marked_images as (${mark('images', ofBatch(t, t.imageIds))}),
      marked_lesions as (${mark('lesions', ofBatch(t, t.lesionIds))})
    select 'image' as kind, id, patient_id, deleted_at,
      array[original_key, preview_key, thumbnail_key] as keys,
      array[sha256, preview_sha256, thumbnail_sha256] as hashes
    from images where ${ofBatch(t, t.imageIds)}
    union all
    select 'entry', id, patient_id, deleted_at, array[]::text[], array[]::text[] from entries where ${ofBatch(t, t.entryIds)}
    union all
    select 'lesion', id, patient_id, deleted_at, array[]::text[], array[]::text[] from lesions where ${ofBatch(t, t.lesionIds)}
    union all
    select 'consent', id, patient_id, null, array[signature_key], array[null::text]
    from consents where ${within(sql`patient_id`, t.patientIds)}`);
  return rowsOf<BatchRow>(res);
}

/** Marks these deleted patients as being removed (a compartment too large for one batch goes first). */
export async function markPatientsRemoving(db: Db, patientIds: string[]): Promise<void> {
  if (patientIds.length === 0) return;
  await db.execute(
    sql`update patients set deletion_kind = ${REMOVING} where id in ${patientIds} and deleted_at is not null`,
  );
}

/** How many entries, images, lesions and consents each of these patients holds. */
export async function compartmentSizes(db: Db, patientIds: string[]): Promise<Map<string, number>> {
  if (patientIds.length === 0) return new Map();
  const res = await db.execute(sql`
    select patient_id, count(*)::int as n from (
      select patient_id from images where patient_id in ${patientIds}
      union all select patient_id from entries where patient_id in ${patientIds}
      union all select patient_id from lesions where patient_id in ${patientIds}
      union all select patient_id from consents where patient_id in ${patientIds}
    ) c group by patient_id`);
  return new Map(rowsOf<{ patient_id: string; n: number }>(res).map((r) => [r.patient_id, Number(r.n)]));
}

/**
 * Removes the batch's versions and rows in one statement. Foreign keys are checked at its end, so
 * a patient goes with its compartment; a row that appeared in the compartment meanwhile makes the
 * statement fail and the transaction roll back, and a rerun takes it. Tags, workspaces and
 * effective tags go with their rows (ON DELETE CASCADE).
 */
export async function deleteBatchRows(tx: Db, t: BatchTarget & { consentIds: string[] }) {
  const versionsOf = (type: string, ids: string[]) =>
    ids.length ? sql`(record_type = ${type} and record_id in ${ids})` : sql`false`;
  const del = (table: string, ids: string[]) =>
    sql`delete from ${sql.raw(table)} where ${within(sql`id`, ids)} returning 1`;
  const res = await tx.execute(sql`
    with versions as (
        delete from record_versions
        where ${versionsOf('patient', t.patientIds)} or ${versionsOf('entry', t.entryIds)}
          or ${versionsOf('image', t.imageIds)} or ${versionsOf('lesion', t.lesionIds)}
          or (record_type = 'lesion' and ${within(sql`patient_id`, t.patientIds)})
        returning 1),
      gone_images as (${del('images', t.imageIds)}),
      gone_lesions as (${del('lesions', t.lesionIds)}),
      gone_entries as (${del('entries', t.entryIds)}),
      gone_consents as (${del('consents', t.consentIds)}),
      gone_patients as (${del('patients', t.patientIds)})
    select (select count(*) from versions)::int as versions,
      (select count(*) from gone_images)::int as images,
      (select count(*) from gone_entries)::int as entries,
      (select count(*) from gone_lesions)::int as lesions,
      (select count(*) from gone_consents)::int as consents,
      (select count(*) from gone_patients)::int as patients`);
  const [row] =
    rowsOf<Record<'versions' | 'images' | 'entries' | 'lesions' | 'consents' | 'patients', number>>(res);
  return {
    versions: Number(row?.versions ?? 0),
    images: Number(row?.images ?? 0),
    entries: Number(row?.entries ?? 0),
    lesions: Number(row?.lesions ?? 0),
    consents: Number(row?.consents ?? 0),
    patients: Number(row?.patients ?? 0),
  };
}

/**
 * Takes removed images out of the comparison groups of the entries that show them (a group left
 * with fewer than two images goes, as the entry already hides it). Not a new version of those
 * entries: what the entry shows does not change, since a removed image was already hidden.
 */
export async function leaveComparisons(tx: Db, imageIds: string[]) {
  await tx.execute(sql`
    update entries e set comparisons = coalesce((
      select jsonb_agg(jsonb_set(g.c, '{imageIds}', kept.ids) order by g.n)
      from jsonb_array_elements(e.comparisons) with ordinality as g(c, n)
      cross join lateral (
        select coalesce(jsonb_agg(x.v order by x.n), '[]'::jsonb) as ids
        from jsonb_array_elements(g.c -> 'imageIds') with ordinality as x(v, n)
        where not ((x.v #>> '{}') in ${imageIds})
      ) kept
      where jsonb_array_length(kept.ids) >= 2
    ), '[]'::jsonb)
    where e.id in (select w.entry_id from workspace_images w where w.image_id in ${imageIds})`);
}
