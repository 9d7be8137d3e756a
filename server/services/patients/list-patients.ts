import { and, asc, count, desc, eq, getTableColumns, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import type { Db } from '../../db/client.ts';
import { accountPatientCounts, accountTagSets, patientEffectiveTags, patients } from '../../db/schema.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { fieldFilters } from './list-filters.ts';
import { presentationColumns, presentPatientRows } from './present.ts';

/** Escapes LIKE wildcards: "_" is a legal unique-ID character and must match itself. */
const likePrefix = (term: string) => `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The least string above every string that starts with prefix, in code point order (which is the
 * byte order of UTF-8, i.e. the C collation): the prefix with its last character moved up by one.
 * Then "x starts with prefix" is exactly "prefix <= x < bound" under C collation, a plain index range
 * with no wildcard at all ("_" and "%" match themselves). Undefined when there is no such bound.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  if (prefix === '' || /\p{Cs}/u.test(prefix)) return undefined; // empty, or a lone surrogate
  const chars = [...prefix];
  const last = (chars.pop() as string).codePointAt(0) as number;
  if (last >= 0x10ffff) return undefined;
  return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
}

/** The searched columns, each compared bytewise: the expressions of the three search indexes. */
const searched = [
  sql`${patients.uniqueId} collate "C"`,
  sql`lower(${patients.firstName}) collate "C"`,
  sql`lower(${patients.lastName}) collate "C"`,
] as const;
interface Term {
  text: string;
  bound: string;
}

/** Lower-cased words of q (at most 5); undefined when one of them has no prefix range. */
function searchTerms(q: string | undefined): Term[] | undefined {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const terms = words.map((text) => ({ text, bound: prefixUpperBound(text) }));
  return terms.every((t) => t.bound !== undefined) ? (terms as Term[]) : undefined;
}

const inRange = (column: SQL, t: Term) => sql`(${column} >= ${t.text} and ${column} < ${t.bound})`;
/**
 * The term prefix-matches the unique ID, the first name or the last name. As ranges over the
 * indexed expressions, so that a name index (which holds both names lowered and the unique ID)
 * tests it on stored values.
 */
const termMatches = (t: Term) => or(...searched.map((c) => inRange(c, t))) as SQL;

const not = (s: SQL) => sql`${s} is not true`;

/** Where a term matches, as three disjoint cases: the last name; else the first name; else the unique ID. */
function termCases(t: Term) {
  const [uid, first, last] = searched;
  return [
    { column: 'last', conds: [inRange(last, t)] },
    { column: 'first', conds: [inRange(first, t), not(inRange(last, t))] },
    { column: 'uid', conds: [inRange(uid, t), not(inRange(first, t)), not(inRange(last, t))] },
  ] as const;
}

/**
 * The active patients matching every term, as disjoint parts that each read one search index and
 * nothing else: one part per case of the longest term, crossed, when there are two terms or more,
 * with the cases of the second longest (so "emma smi" reads the first-name index from "emma,smi"
 * on, not every "emma"). Both names lowered, the unique ID, the id and the sort keys are in each
 * name index, so the remaining terms are checked there too. A pair of cases on the same column is
 * left out when neither term starts with the other: no value starts with both.
 */
function searchParts(
  accountId: string,
  terms: Term[],
  select: 'id' | 'count' | { sort: PatientListQuery['sort'] },
): SQL[] {
  const [lead, second, ...others] = [...terms].sort((a, b) => b.text.length - a.text.length) as [
    Term,
    ...Term[],
  ];
  const columns =
    select === 'id'
      ? sql`${patients.id}`
      : select === 'count'
        ? sql`count(*)`
        : // The id and the sort key, which the index rows hold: a page is sorted and cut from them alone.
          sql`${patients.id}, ${sortKey[select.sort]}`;
  const part = (conds: readonly SQL[]) =>
    sql`select ${columns} from ${patients} where ${and(
      eq(patients.accountId, accountId),
      isNull(patients.deletedAt),
      ...conds,
      ...others.map(termMatches),
    )}`;
  const leadCases = termCases(lead);
  if (!second) return leadCases.map((c) => part(c.conds));
  const compatible = lead.text.startsWith(second.text);
  return leadCases.flatMap((a) =>
    termCases(second)
      .filter((b) => a.column !== b.column || compatible)
      .map((b) => part([...a.conds, ...b.conds])),
  );
}

const sortKey = {
  uniqueId: patients.uniqueId,
  name: patients.nameKey,
  lastAppointment: patients.lastAppointmentAt,
  lastModified: patients.lastModifiedAt,
} satisfies Record<PatientListQuery['sort'], unknown>;

const unionAll = (parts: SQL[]) =>
  sql.join(
    parts.map((p) => sql`(${p})`),
    sql` union all `,
  );

/** Every word must prefix-match the unique ID, the first name or the last name (case-insensitive). */
function searchFilter(accountId: string, q: string): SQL | undefined {
  const terms = searchTerms(q);
  if (terms) {
    if (!terms.length) return undefined;
    return sql`${patients.id} in (${unionAll(searchParts(accountId, terms, 'id'))})`;
  }
  // A word without a prefix range: the same rule with LIKE (not served by the indexes).
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const parts = words.map((term) => {
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

const tagList = (query: PatientListQuery) => [...new Set(query.tags ?? [])];
const hasSearch = (query: PatientListQuery) => /\S/.test(query.q ?? '');

/** The filters other than search and tags: date and count ranges. */
function rangeFilters(query: PatientListQuery): SQL[] {
  const where: SQL[] = [];
  if (query.appointmentFrom) where.push(gte(patients.lastAppointmentAt, query.appointmentFrom));
  // The schema has already turned a bare date into the end of its day; a time is an exact bound.
  if (query.appointmentTo) where.push(lte(patients.lastAppointmentAt, query.appointmentTo));
  if (query.minEntries !== undefined) where.push(gte(patients.entryCount, query.minEntries));
  if (query.maxEntries !== undefined) where.push(lte(patients.entryCount, query.maxEntries));
  if (query.minImages !== undefined) where.push(gte(patients.imageCount, query.minImages));
  if (query.maxImages !== undefined) where.push(lte(patients.imageCount, query.maxImages));
  return [...where, ...fieldFilters(query)];
}

export function patientListWhere(accountId: string, query: PatientListQuery): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(patients.accountId, accountId), isNull(patients.deletedAt)];
  if (query.q) where.push(searchFilter(accountId, query.q));
  const tags = tagList(query);
  if (tags.length) where.push(tagFilter(accountId, tags, query.tagMode));
  where.push(...rangeFilters(query));
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
  const ranges = rangeFilters(query).length > 0;
  const search = hasSearch(query);
  if (!ranges && !search && !tags.length) {
    const [row] = await db
      .select({ n: accountPatientCounts.active })
      .from(accountPatientCounts)
      .where(eq(accountPatientCounts.accountId, accountId));
    return row?.n ?? 0;
  }
  if (!ranges && !search) return countTagged(db, accountId, tags, query.tagMode);
  const terms = searchTerms(query.q);
  if (!ranges && !tags.length && terms?.length) return countSearch(db, accountId, terms);
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

/** The total of a search alone: the sum of the counts of its disjoint parts. */
async function countSearch(db: Db, accountId: string, terms: Term[]) {
  const counts = searchParts(accountId, terms, 'count').map((p) => sql`(${p})`);
  const [row] = await db
    .select({ n: sql<number>`${sql.join(counts, sql` + `)}`.mapWith(Number) })
    .from(sql`(values (1)) as one`);
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
  if (rangeFilters(query).length)
    return rows(patientListWhere(accountId, query)).limit(query.pageSize).offset(offset);
  const terms = searchTerms(query.q);
  const ids =
    terms?.length && !tagList(query).length
      ? // The derived table is named "patients" so that the sort expressions apply to it unchanged.
        sql`select ${patients.id} from (${unionAll(searchParts(accountId, terms, { sort: query.sort }))}) as ${patients}
          order by ${sql.join(order, sql`, `)} limit ${query.pageSize} offset ${offset}`
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

export async function queryPatients(db: Db, accountId: string, query: PatientListQuery) {
  const [rows, total] = await Promise.all([
    pageQuery(db, accountId, query),
    countPatients(db, accountId, query),
  ]);
  return {
    items: await presentPatientRows(db, rows),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
