import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { SNOMED_SYSTEM } from '../../../shared/body-map.ts';
import { lesions as l } from '../../db/schema-clinical.ts';
import { SYSTEM } from '../systems.ts';
import type { SearchParam } from './types.ts';
import { dateWhere, idWhere, referenceWhere, tagWhere, tokenWhere } from './where.ts';

// The search parameters of BodyStructure (lesions).

export const bodyStructureParams: SearchParam[] = [
  { name: '_id', type: 'token', documentation: 'The resource id', where: idWhere(l.id) },
  {
    name: '_lastUpdated',
    type: 'date',
    documentation: 'When the lesion last changed (all prefixes)',
    where: dateWhere(l.lastModifiedAt),
    sort: [sql`${l.lastModifiedAt}`],
  },
  {
    name: 'patient',
    type: 'reference',
    documentation: 'The patient: Patient/{id} or {id}',
    where: referenceWhere(l.patientId, 'Patient'),
  },
  {
    name: 'location',
    type: 'token',
    documentation: `The site's SNOMED CT code (${SNOMED_SYSTEM}|code)`,
    where: tokenWhere(l.siteCode, [SNOMED_SYSTEM]),
  },
  {
    name: '_tag',
    type: 'token',
    documentation: `A tag of the lesion (${SYSTEM.tag}|tag id)`,
    where: tagWhere(
      SYSTEM.tag,
      (id) => sql`exists (select 1 from lesion_tags lt where lt.lesion_id = ${l.id} and lt.tag_id = ${id})`,
    ),
  },
];

/** Active lesions of the account's active patients. */
export const bodyStructureScope = (accountId: string) =>
  and(
    eq(l.accountId, accountId),
    isNull(l.deletedAt),
    sql`exists (select 1 from patients p where p.id = ${l.patientId} and p.deleted_at is null)`,
  ) as SQL;
