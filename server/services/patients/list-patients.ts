import { and, count, eq, getTableColumns, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import { type Db, together } from '../../db/client.ts';
import { accountPatientCounts, accountTagSets, patientEffectiveTags, patients } from '../../db/schema.ts';
import { searchWords } from '../../domain/search-words.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { fieldFilters } from './list-filters.ts';
import { ordering } from './list-order.ts';
import { presentationColumns, presentPatientRows } from './present.ts';
import { collectedPageIds, countSearch, mayWalk, walkingSearchPage } from './search-page.ts';
import { searchParts, searchTerms, unionAll } from './search-parts.ts';

/** Escapes LIKE wildcards: "_" is a legal unique-ID character and must match itself. */
const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Every word must prefix-match the unique ID, the first name or the last name (case-insensitive). */
function searchFilter(accountId: string, q: string): SQL | undefined {
  const terms = searchTerms(q);
  if (terms) {
    if (!terms.length) return undefined;
    return sql`${patients.id} in (${unionAll(searchParts(accountId, terms, 'id'))})`;
  }
  // A word without a prefix range: the same rule with LIKE (not served by the indexes).
  const parts = searchWords(q).map((term) => {
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
  // One indexed probe per tag, so that a page can be read along a sort index.
  return and(
    ...tagIds.map(
      (tagId) =>
        sql`exists (select 1 from ${patientEffectiveTags} et where et.account_id = ${accountId} and et.patient_id = ${patients.id} and et.tag_id = ${tagId})`,
    ),
  ) as SQL;
}

const tagList = (query: PatientListQuery) => [...new Set(query.tags ?? [])];
const hasSearch = (query: PatientListQuery) => /\S/.test(query.q ?? '');

/** The filters other than search and tags: date and count ranges. */
function rangeFilters(query: PatientListQuery, accountId: string): SQL[] {
  const where: SQL[] = [];
  if (query.appointmentFrom) where.push(gte(patients.lastAppointmentAt, query.appointmentFrom));
  // The schema has already turned a bare date into the end of its day; a time is an exact bound.
  if (query.appointmentTo) where.push(lte(patients.lastAppointmentAt, query.appointmentTo));
  if (query.minEntries !== undefined) where.push(gte(patients.entryCount, query.minEntries));
  if (query.maxEntries !== undefined) where.push(lte(patients.entryCount, query.maxEntries));
  if (query.minImages !== undefined) where.push(gte(patients.imageCount, query.minImages));
  if (query.maxImages !== undefined) where.push(lte(patients.imageCount, query.maxImages));
  return [...where, ...fieldFilters(query, accountId)];
}

export function patientListWhere(accountId: string, query: PatientListQuery): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(patients.accountId, accountId), isNull(patients.deletedAt)];
  if (query.q) where.push(searchFilter(accountId, query.q));
  const tags = tagList(query);
  if (tags.length) where.push(tagFilter(accountId, tags, query.tagMode));
  where.push(...rangeFilters(query, accountId));
  return and(...where);
}

export async function listPatients(ctx: Ctx, actor: Actor, query: PatientListQuery) {
  const accountId = requireAccount(actor, 'patients.read');
  return queryPatients(ctx.db, accountId, query);
}

/**
 * The exact number of active patients matching the query. Each statement counts the same set as
 * `select count(*) from patients where <patientListWhere>`, reading as little as it can:
 * - no filter: the per-account counter kept by triggers;
 * - only tags: the account's tag sets (account_tag_sets, kept by triggers);
 * - only a search: three index-only counts over the search indexes, disjoint by construction;
 * - anything else: count(*) over patients with the full condition.
 */
async function countPatients(db: Db, accountId: string, query: PatientListQuery): Promise<number> {
  const tags = tagList(query);
  const ranges = rangeFilters(query, accountId).length > 0;
  const search = hasSearch(query);
  if (!ranges && !search && !tags.length) {
    const [row] = await db
      .select({ n: accountPatientCounts.active })
      .from(accountPatientCounts)
      .where(eq(accountPatientCounts.accountId, accountId));
    return row?.n ?? 0;
  }
  if (!ranges && !search) return countTagged(db, accountId, tags, query.tagMode);
  const terms = searchAlone(query, accountId);
  if (terms) return countSearch(db, accountId, terms);
  const [row] = await db.select({ n: count() }).from(patients).where(patientListWhere(accountId, query));
  return row?.n ?? 0;
}

/**
 * The total of a tag filter alone: the sum over the account's tag sets (the distinct sets of
 * effective tags its active patients have, with how many have each) that hold all, or any, of the
 * tags. Exact, and as cheap for a million patients as for ten.
 */
async function countTagged(db: Db, accountId: string, tagIds: string[], mode: 'all' | 'any') {
  const wanted = sql`array[${sql.join(
    tagIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const holds =
    mode === 'all' ? sql`${accountTagSets.tagIds} @> ${wanted}` : sql`${accountTagSets.tagIds} && ${wanted}`;
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${accountTagSets.patients}), 0)`.mapWith(Number) })
    .from(accountTagSets)
    .where(and(eq(accountTagSets.accountId, accountId), holds));
  return row?.n ?? 0;
}

/**
 * The page, in two steps: the ids of the page, sorted and cut where the sort's index (or, for a
 * search alone, the search indexes) hold every column needed, so the rows skipped on the way to a
 * deep page and the non-matching rows are never read from the table; then those rows. With a
 * count or date range, whose columns only the table holds, it is one query along the sort index.
 */
function pageQuery(db: Db, accountId: string, query: PatientListQuery) {
  const order = ordering(query.sort, query.order);
  const offset = (query.page - 1) * query.pageSize;
  const rows = (where: SQL | undefined) =>
    db
      .select({ ...getTableColumns(patients), ...presentationColumns })
      .from(patients)
      .where(where)
      .orderBy(...order);
  if (rangeFilters(query, accountId).length)
    return rows(patientListWhere(accountId, query)).limit(query.pageSize).offset(offset);
  const terms = searchAlone(query, accountId);
  const ids = terms
    ? collectedPageIds(accountId, terms, query)
    : db
        .select({ id: patients.id })
        .from(patients)
        .where(patientListWhere(accountId, query))
        .orderBy(...order)
        .limit(query.pageSize)
        .offset(offset);
  return rows(
    and(eq(patients.accountId, accountId), isNull(patients.deletedAt), sql`${patients.id} in (${ids})`),
  );
}

/** A search alone: its terms, when each word has a prefix range (else the general path with LIKE). */
function searchAlone(query: PatientListQuery, accountId: string) {
  if (tagList(query).length || rangeFilters(query, accountId).length) return undefined;
  const terms = searchTerms(query.q);
  return terms?.length ? terms : undefined;
}

export async function queryPatients(db: Db, accountId: string, query: PatientListQuery) {
  const terms = searchAlone(query, accountId);
  const [rows, total] = await together(db, [
    () =>
      terms && mayWalk(query, terms)
        ? walkingSearchPage(db, accountId, query, terms)
        : pageQuery(db, accountId, query),
    () => countPatients(db, accountId, query),
  ]);
  return {
    items: await presentPatientRows(db, rows),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
