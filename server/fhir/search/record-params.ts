import { type AnyColumn, and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { consents as c, entries as e, images as i } from '../../db/schema-clinical.ts';
import { SYSTEM } from '../systems.ts';
import type { SearchParam } from './types.ts';
import { dateWhere, idWhere, referenceWhere, tagWhere } from './where.ts';

// The search parameters of Encounter (entries), Media (images) and Consent (consent events).

const lastUpdated = (column: AnyColumn): SearchParam => ({
  name: '_lastUpdated',
  type: 'date',
  documentation: 'When the record last changed (all prefixes)',
  where: dateWhere(column),
  sort: [sql`${column}`],
});

const patientRefs = (column: AnyColumn): SearchParam[] => [
  {
    name: 'patient',
    type: 'reference',
    documentation: 'The patient: Patient/{id} or {id}',
    where: referenceWhere(column, 'Patient'),
  },
  {
    name: 'subject',
    type: 'reference',
    documentation: 'The patient: Patient/{id}',
    where: referenceWhere(column, 'Patient'),
  },
];

export const encounterParams: SearchParam[] = [
  { name: '_id', type: 'token', documentation: 'The resource id', where: idWhere(e.id) },
  lastUpdated(e.lastModifiedAt),
  ...patientRefs(e.patientId),
  {
    name: 'date',
    type: 'date',
    documentation: 'The appointment (period.start), all prefixes',
    where: dateWhere(e.appointmentAt),
    sort: [sql`${e.appointmentAt}`],
  },
  {
    name: '_tag',
    type: 'token',
    documentation: `A tag of the entry (${SYSTEM.tag}|tag id)`,
    where: tagWhere(
      SYSTEM.tag,
      (id) => sql`exists (select 1 from entry_tags et where et.entry_id = ${e.id} and et.tag_id = ${id})`,
    ),
  },
];

export const encounterScope = (accountId: string) =>
  and(eq(e.accountId, accountId), isNull(e.deletedAt)) as SQL;

const created = sql`coalesce(${i.capturedAt}, ${i.uploadedAt})`;

export const mediaParams: SearchParam[] = [
  { name: '_id', type: 'token', documentation: 'The resource id', where: idWhere(i.id) },
  lastUpdated(i.lastModifiedAt),
  ...patientRefs(i.patientId),
  {
    name: 'encounter',
    type: 'reference',
    documentation: 'An entry whose workspace holds the image: Encounter/{id}',
    where: (v) => {
      const where = referenceWhere(sql`wi.entry_id`, 'Encounter')(v);
      return sql`exists (select 1 from workspace_images wi where wi.image_id = ${i.id} and ${where})`;
    },
  },
  {
    name: 'created',
    type: 'date',
    documentation: 'Capture time, else upload time (createdDateTime), all prefixes',
    where: dateWhere(created),
    sort: [created],
  },
  {
    name: '_tag',
    type: 'token',
    documentation: `A tag of the image (${SYSTEM.tag}|tag id)`,
    where: tagWhere(
      SYSTEM.tag,
      (id) => sql`exists (select 1 from image_tags it where it.image_id = ${i.id} and it.tag_id = ${id})`,
    ),
  },
];

export const mediaScope = (accountId: string) => and(eq(i.accountId, accountId), isNull(i.deletedAt)) as SQL;

export const consentParams: SearchParam[] = [
  {
    name: 'patient',
    type: 'reference',
    documentation: 'The patient: Patient/{id} or {id}',
    where: referenceWhere(c.patientId, 'Patient'),
  },
  {
    name: 'status',
    type: 'token',
    documentation: 'active or inactive (revoked)',
    where: (v) => {
      const code = v.raw.split('|').pop();
      if (code === 'active') return sql`${c.revokedAt} is null`;
      if (code === 'inactive') return sql`${c.revokedAt} is not null`;
      return sql`false`;
    },
  },
];

/** Consent events of the account's active patients. */
export const consentScope = (accountId: string) =>
  sql`${c.accountId} = ${accountId} and exists (select 1 from patients p where p.id = ${c.patientId} and p.deleted_at is null)`;
