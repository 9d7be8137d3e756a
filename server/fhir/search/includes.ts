import type { Resource } from '@medplum/fhirtypes';
import { and, inArray, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { requireAccount } from '../../services/access.ts';
import { encounterTable } from '../encounter.ts';
import { mediaTable } from '../media.ts';
import { patientTable } from '../patient.ts';
import type { Call } from '../types.ts';
import type { IncludeDef, TableSearch } from './types.ts';
import { idOfReference } from './where.ts';

/** At most this many resources are added by one `_revinclude`. */
const MAX_REVINCLUDED = 1000;

/** The ids a reference element of the matches names. */
function referenced(matches: Resource[], type: string, pick: (r: Resource) => string | undefined) {
  const ids = matches.map(pick).map((ref) => (ref ? idOfReference(ref, type) : undefined));
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/** Records of one table of the caller's account (active) whose column is one of the ids. */
async function load(
  call: Call,
  table: TableSearch,
  where: (ids: string[]) => SQL,
  ids: string[],
  limit: number,
) {
  if (ids.length === 0) return [];
  const accountId = requireAccount(call.actor, 'patients.read');
  return table.page(call, and(table.scope(accountId), where(ids)) as SQL, [table.idColumn], limit, 0);
}

const encounterPatient: IncludeDef = {
  name: 'Encounter:patient',
  load: (call, matches) => {
    const ids = referenced(
      matches,
      'Patient',
      (r) => (r as { subject?: { reference?: string } }).subject?.reference,
    );
    return load(call, patientTable, (list) => inArray(patients.id, list), ids, ids.length);
  },
};

const mediaEncounter: IncludeDef = {
  name: 'Media:encounter',
  load: (call, matches) => {
    const ids = referenced(
      matches,
      'Encounter',
      (r) => (r as { encounter?: { reference?: string } }).encounter?.reference,
    );
    return load(call, encounterTable, (list) => inArray(entries.id, list), ids, ids.length);
  },
};

const mediaOfPatient: IncludeDef = {
  name: 'Media:patient',
  load: (call, matches) => {
    const ids = matches.map((r) => r.id as string);
    return load(call, mediaTable, (list) => inArray(images.patientId, list), ids, MAX_REVINCLUDED);
  },
};

/** What `_include` and `_revinclude` follow, by the type searched. */
export const INCLUDES: Record<string, { includes?: IncludeDef[]; revincludes?: IncludeDef[] }> = {
  Patient: { revincludes: [mediaOfPatient] },
  Encounter: { includes: [encounterPatient] },
  Media: { includes: [mediaEncounter] },
};
