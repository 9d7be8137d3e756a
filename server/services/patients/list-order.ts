import { asc, desc, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import { patients } from '../../db/schema.ts';

/** The column each sort orders by first. */
export const sortKey = {
  uniqueId: patients.uniqueId,
  name: patients.nameKey,
  lastAppointment: patients.lastAppointmentAt,
  lastModified: patients.lastModifiedAt,
} satisfies Record<PatientListQuery['sort'], unknown>;

/** The ORDER BY of each sort; each matches one partial index on active patients. */
export function ordering(sort: PatientListQuery['sort'], order: 'asc' | 'desc'): SQL[] {
  const dir = order === 'asc' ? asc : desc;
  switch (sort) {
    case 'uniqueId':
      return [
        order === 'asc'
          ? sql`${patients.uniqueId} collate "C" asc`
          : sql`${patients.uniqueId} collate "C" desc`,
      ];
    case 'name':
      return [
        order === 'asc' ? sql`${patients.nameKey} asc nulls last` : sql`${patients.nameKey} desc nulls last`,
        dir(patients.id),
      ];
    case 'lastAppointment':
      return [
        order === 'asc'
          ? sql`${patients.lastAppointmentAt} asc nulls last`
          : sql`${patients.lastAppointmentAt} desc nulls last`,
        dir(patients.id),
      ];
    default:
      return [dir(patients.lastModifiedAt), dir(patients.id)];
  }
}
