import { gte, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import { patients } from '../../db/schema.ts';

/**
 * Filters on single fields of the patient, beside the patient database's search: the exact unique
 * ID (stored lower-cased), each word of `name` as a case-insensitive prefix of the first or the
 * last name, and an inclusive date-of-birth range.
 */
export function fieldFilters(query: PatientListQuery): SQL[] {
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
  return where;
}
