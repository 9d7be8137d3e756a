import { gte, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import { patients } from '../../db/schema.ts';
import { lesions } from '../../db/schema-clinical.ts';

/**
 * Filters on single fields of the patient, beside the patient database's search: the exact unique
 * ID (stored lower-cased), each word of `name` as a case-insensitive prefix of the first or the
 * last name, and an inclusive date-of-birth range.
 */
export function fieldFilters(query: PatientListQuery, accountId: string): SQL[] {
  const where: SQL[] = [];
  if (query.uniqueId) where.push(sql`${patients.uniqueId} = ${query.uniqueId.toLowerCase()}`);
  const words = (query.name ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const word of words) {
    where.push(
      or(
        sql`starts_with(lower(${patients.firstName}), ${word})`,
        sql`starts_with(lower(${patients.lastName}), ${word})`,
      ) as SQL,
    );
  }
  if (query.birthDateFrom) where.push(gte(patients.dateOfBirth, query.birthDateFrom));
  if (query.birthDateTo) where.push(lte(patients.dateOfBirth, query.birthDateTo));
  if (query.lesionRegion || query.lesionStatus) where.push(lesionFilter(query, accountId));
  return where;
}

/**
 * Patients with one active lesion that is in any of the regions and of any of the statuses: a
 * semi-join on the lesions' filter index (account, region, status, patient), read index-only.
 */
function lesionFilter(query: PatientListQuery, accountId: string): SQL {
  const conditions = [sql`l.account_id = ${accountId}`, sql`l.deleted_at is null`];
  if (query.lesionRegion) conditions.push(sql`l.site_region in ${query.lesionRegion}`);
  if (query.lesionStatus) conditions.push(sql`l.status in ${query.lesionStatus}`);
  return sql`${patients.id} in (select l.patient_id from ${lesions} l where ${sql.join(conditions, sql` and `)})`;
}
