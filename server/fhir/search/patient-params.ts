import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { patients as p } from '../../db/schema.ts';
import { SYSTEM } from '../systems.ts';
import type { SearchParam } from './types.ts';
import { dateWhere, idWhere, stringWhere, tagWhere, tokenWhere } from './where.ts';

const GENDER = 'http://hl7.org/fhir/administrative-gender';
const STRING_MODIFIERS: SearchParam['modifiers'] = ['exact', 'contains', 'missing'];
const digits = (c: unknown) => sql`regexp_replace(${c}, '[^0-9+]', '', 'g')`;

/** Patient's search parameters over Vellum's patient columns. */
export const patientParams: SearchParam[] = [
  {
    name: '_id',
    type: 'token',
    documentation: 'The resource id',
    where: idWhere(p.id),
    sort: [sql`${p.id}`],
  },
  {
    name: '_lastUpdated',
    type: 'date',
    documentation: 'When the record last changed (all prefixes)',
    where: dateWhere(p.lastModifiedAt),
    sort: [sql`${p.lastModifiedAt}`],
  },
  {
    name: 'identifier',
    type: 'token',
    documentation: `The unique ID ([${SYSTEM.uniqueId}|]value, any case)`,
    where: tokenWhere(p.uniqueId, [SYSTEM.uniqueId], 'lowered'),
    sort: [sql`${p.uniqueId}`],
  },
  {
    name: 'name',
    type: 'string',
    documentation:
      'A word of the given or family name starts with it (any case); :exact, :contains, :missing',
    modifiers: STRING_MODIFIERS,
    where: stringWhere([p.firstName, p.lastName]),
    missing: sql`(${p.firstName} is null and ${p.lastName} is null)`,
    sort: [sql`${p.nameKey}`],
  },
  {
    name: 'family',
    type: 'string',
    documentation: 'A word of the family name starts with it; :exact, :contains, :missing',
    modifiers: STRING_MODIFIERS,
    where: stringWhere([p.lastName]),
    missing: sql`${p.lastName} is null`,
    sort: [sql`lower(${p.lastName})`],
  },
  {
    name: 'given',
    type: 'string',
    documentation: 'A word of the given names starts with it; :exact, :contains, :missing',
    modifiers: STRING_MODIFIERS,
    where: stringWhere([p.firstName]),
    missing: sql`${p.firstName} is null`,
    sort: [sql`lower(${p.firstName})`],
  },
  {
    name: 'birthdate',
    type: 'date',
    documentation: 'Date of birth: YYYY, YYYY-MM or YYYY-MM-DD with any prefix; :missing',
    modifiers: ['missing'],
    where: dateWhere(p.dateOfBirth, 'day'),
    missing: sql`${p.dateOfBirth} is null`,
    sort: [sql`${p.dateOfBirth}`],
  },
  {
    name: 'gender',
    type: 'token',
    documentation: 'female, male, other, unknown; :missing',
    modifiers: ['missing'],
    where: tokenWhere(p.sex, [GENDER]),
    missing: sql`${p.sex} is null`,
  },
  {
    name: 'email',
    type: 'token',
    documentation: 'The e-mail address (any case); :missing',
    modifiers: ['missing'],
    where: tokenWhere(p.email, []),
    missing: sql`${p.email} is null`,
  },
  {
    name: 'phone',
    type: 'token',
    documentation: 'The phone number (digits and + compared); :missing',
    modifiers: ['missing'],
    where: tokenWhere(p.phone, [], digits),
    missing: sql`${p.phone} is null`,
  },
  {
    name: '_tag',
    type: 'token',
    documentation: `A tag of the patient (${SYSTEM.tag}|tag id)`,
    where: tagWhere(
      SYSTEM.tag,
      (id) => sql`exists (select 1 from patient_tags pt where pt.patient_id = ${p.id} and pt.tag_id = ${id})`,
    ),
  },
];

export const patientScope = (accountId: string) =>
  and(eq(p.accountId, accountId), isNull(p.deletedAt)) as SQL;
