import type { Db } from '../../db/client.ts';
import type { ComparisonGroup } from '../../db/schema-clinical.ts';
import { dateOf, textStatement } from '../../db/text-statement.ts';
import type { EntryRow } from './present.ts';

// The statements every entry edit runs, written once as SQL text (server/db/text-statement.ts).

/** An entry row as SQL text names its columns (a text statement's row). */
const ENTRY_COLUMNS = `e.id, e.account_id, e.patient_id, e.version, e.appointment_at, e.physician_id, e.notes,
  e.comparisons, e.sections, e.created_at, e.last_modified_at, e.deleted_at, e.deleted_by,
  e.deletion_kind, e.deletion_root_id, e.deletion_reason, e.deletion_note`;
/** The entry's workspace rows whose image is not deleted (deleted images vanish from it). */
const VISIBLE_WORKSPACE = 'workspace_images wi join images i on i.id = wi.image_id and i.deleted_at is null';

// Every edit starts here: written once as text, no query builder per edit.
export const lockEntryWithRelations = textStatement<Record<string, unknown>>(
  `select ${ENTRY_COLUMNS},
    coalesce((select array_agg(et.tag_id::text) from entry_tags et where et.entry_id = e.id), '{}'::text[]) as tag_ids,
    coalesce((select array_agg(wi.image_id::text order by wi.position) from ${VISIBLE_WORKSPACE}
      where wi.entry_id = e.id), '{}'::text[]) as workspace_image_ids,
    coalesce((select array_agg(it.tag_id::text) from ${VISIBLE_WORKSPACE}
      join image_tags it on it.image_id = wi.image_id where wi.entry_id = e.id), '{}'::text[]) as inherited_tag_ids
  from entries e where e.id = $1 and e.account_id = $2
  for update of e`,
);

/** The entry row from a text statement's row (what Drizzle's mapping would give). */
export function entryRowOf(r: Record<string, unknown>): EntryRow {
  const optionalDate = (v: unknown) => (v === null || v === undefined ? null : dateOf(v));
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    patientId: r.patient_id as string,
    version: r.version as number,
    appointmentAt: dateOf(r.appointment_at),
    physicianId: r.physician_id as string | null,
    notes: r.notes as string,
    comparisons: r.comparisons as EntryRow['comparisons'],
    sections: r.sections as EntryRow['sections'],
    createdAt: dateOf(r.created_at),
    lastModifiedAt: dateOf(r.last_modified_at),
    deletedAt: optionalDate(r.deleted_at),
    deletedBy: r.deleted_by as EntryRow['deletedBy'],
    deletionKind: r.deletion_kind as EntryRow['deletionKind'],
    deletionRootId: r.deletion_root_id as EntryRow['deletionRootId'],
    deletionReason: r.deletion_reason as EntryRow['deletionReason'],
    deletionNote: r.deletion_note as EntryRow['deletionNote'],
  };
}

/** What an edit writes to the entry's row; each column set is one statement shape. */
export interface EntryUpdate {
  appointmentAt?: Date;
  notes?: string;
  comparisons?: ComparisonGroup[];
  sections?: Record<string, boolean>;
  version?: number;
  lastModifiedAt?: Date;
}

const iso = (v: unknown) => (v as Date).toISOString();
const json = (v: unknown) => JSON.stringify(v);
const asIs = (v: unknown) => v;
/** The columns an edit may set, in a fixed order so that one set of columns is one text. */
const UPDATABLE: [keyof EntryUpdate, string, (v: unknown) => unknown][] = [
  ['appointmentAt', 'appointment_at', iso],
  ['notes', 'notes', asIs],
  ['comparisons', 'comparisons', json],
  ['sections', 'sections', json],
  ['version', 'version', asIs],
  ['lastModifiedAt', 'last_modified_at', iso],
];
const updateStatements = new Map<string, ReturnType<typeof textStatement<Record<string, unknown>>>>();

/** Writes the given columns of the entry and returns its row; one statement text per set of columns. */
export async function updateEntryRow(db: Db, id: string, set: EntryUpdate): Promise<EntryRow | undefined> {
  const used = UPDATABLE.filter(([key]) => set[key] !== undefined);
  if (used.length === 0) throw new Error('No values to set');
  const key = `entry_update_${used.map(([key]) => key.slice(0, 4)).join('_')}`;
  let statement = updateStatements.get(key);
  if (!statement) {
    const assignments = used.map(([, column], i) => `${column} = $${i + 2}`).join(', ');
    statement = textStatement(
      `update entries e set ${assignments} where e.id = $1 returning ${ENTRY_COLUMNS}`,
    );
    updateStatements.set(key, statement);
  }
  const [row] = await statement(db, [id, ...used.map(([key, , toDriver]) => toDriver(set[key]))]);
  return row ? entryRowOf(row) : undefined;
}
