import { and, asc, count, desc, eq, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import type { Db } from '../../db/client.ts';
import { patientEffectiveTags, patients } from '../../db/schema.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { presentPatients } from './present.ts';

/** Escapes LIKE wildcards: "_" is a legal unique-ID character and must match itself. */
const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every word must prefix-match the unique ID, the first name or the last name (case-insensitive). */
function searchFilter(q: string): SQL | undefined {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const parts = terms.map((term) => {
    const pattern = likePrefix(term);
    return or(
      sql`${patients.uniqueId} collate "C" like ${pattern}`,
      sql`lower(${patients.firstName}) like ${pattern}`,
      sql`lower(${patients.lastName}) like ${pattern}`,
    ) as SQL;
  });
  return parts.length ? and(...parts) : undefined;
}

function tagFilter(accountId: string, tagIds: string[], mode: 'all' | 'any'): SQL {
  if (mode === 'any') {
    return sql`exists (select 1 from ${patientEffectiveTags} et where et.account_id = ${accountId} and et.patient_id = ${patients.id} and et.tag_id in ${tagIds})`;
  }
  return sql`${patients.id} in (select et.patient_id from ${patientEffectiveTags} et where et.account_id = ${accountId} and et.tag_id in ${tagIds} group by et.patient_id having count(*) = ${tagIds.length})`;
}

/** The ORDER BY of each sort; each matches one partial index on active patients. */
function ordering(sort: PatientListQuery['sort'], order: 'asc' | 'desc'): SQL[] {
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

export function patientListWhere(accountId: string, query: PatientListQuery): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(patients.accountId, accountId), isNull(patients.deletedAt)];
  if (query.q) where.push(searchFilter(query.q));
  if (query.tags?.length) where.push(tagFilter(accountId, [...new Set(query.tags)], query.tagMode));
  if (query.appointmentFrom) where.push(gte(patients.lastAppointmentAt, query.appointmentFrom));
  if (query.appointmentTo) where.push(lte(patients.lastAppointmentAt, endOfDayIfDate(query.appointmentTo)));
  if (query.minEntries !== undefined) where.push(gte(patients.entryCount, query.minEntries));
  if (query.maxEntries !== undefined) where.push(lte(patients.entryCount, query.maxEntries));
  if (query.minImages !== undefined) where.push(gte(patients.imageCount, query.minImages));
  if (query.maxImages !== undefined) where.push(lte(patients.imageCount, query.maxImages));
  return and(...where);
}

/** A bare date as the upper bound includes that whole day. */
function endOfDayIfDate(d: Date): Date {
  const midnight =
    d.getUTCHours() === 0 &&
    d.getUTCMinutes() === 0 &&
    d.getUTCSeconds() === 0 &&
    d.getUTCMilliseconds() === 0;
  return midnight ? new Date(d.getTime() + 86_400_000 - 1) : d;
}

export async function listPatients(ctx: Ctx, actor: Actor, query: PatientListQuery) {
  const accountId = requireAccount(actor, 'patients.read');
  return queryPatients(ctx.db, accountId, query);
}

export async function queryPatients(db: Db, accountId: string, query: PatientListQuery) {
  const where = patientListWhere(accountId, query);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(patients)
      .where(where)
      .orderBy(...ordering(query.sort, query.order))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(patients).where(where),
  ]);
  return {
    items: await presentPatients(db, rows),
    total: totals[0]?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
