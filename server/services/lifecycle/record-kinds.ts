import { patients } from '../../db/schema.ts';
import { entries, images, lesions } from '../../db/schema-clinical.ts';
import type { RecordType } from '../versions.ts';

/**
 * The registry of deletable clinical records (PRODUCT.md §6): for each kind its table (the four
 * share their deletion columns: deleted_at, deleted_by, deletion_kind, deletion_root_id, and
 * account_id), its SQL name, its audit target type and the key it is counted under in removal
 * counts. Every place that works on "each kind of deleted record" reads it from here.
 */
export const RECORD_KINDS = {
  patient: { table: patients, tableName: 'patients', auditTarget: 'patient', counter: 'patients' },
  entry: { table: entries, tableName: 'entries', auditTarget: 'entry', counter: 'entries' },
  image: { table: images, tableName: 'images', auditTarget: 'image', counter: 'images' },
  lesion: { table: lesions, tableName: 'lesions', auditTarget: 'lesion', counter: 'lesions' },
} as const satisfies Record<RecordType, unknown>;

/**
 * Patients first: each takes its compartment, so its entries, images and lesions are not removed
 * twice; lesions last, after the images a lesion's deletion took with it.
 */
export const KINDS_IN_REMOVAL_ORDER = ['patient', 'entry', 'image', 'lesion'] as const satisfies RecordType[];

export type RecordCounter = (typeof RECORD_KINDS)[RecordType]['counter'];

/**
 * The kind's table, typed as entries: the three tables have the deletion and account columns under
 * the same names, so shared code reads them through one type (the one cast of the lifecycle).
 */
export const recordTable = (type: RecordType) => RECORD_KINDS[type].table as unknown as typeof entries;
