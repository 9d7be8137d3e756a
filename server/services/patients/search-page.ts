import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import type { Db } from '../../db/client.ts';
import { accountPatientCounts, patients } from '../../db/schema.ts';
import { ordering } from './list-order.ts';
import { presentationColumns } from './present.ts';
import { searchCount, searched, searchParts, type Term, termMatches, unionAll } from './search-parts.ts';

/**
 * The page of a search alone, two ways.
 * - Collect: read every match from the search indexes (index-only), sort, cut. Cheap for a rare
 *   word; for a frequent one it sorts every match to keep 50.
 * - Walk: read the last-modified index in order, test each patient on the search values it holds,
 *   stop at the page's end. A word matching 1.4 % of patients finds page 1 after about 3,500 index
 *   rows instead of collecting and sorting its 13,846 matches.
 * Walking pays when `matches² > (offset + pageSize) × active patients` (walkingPays in
 * domain/search-words.ts): when matches spread along the order, the walk reads about
 * `(offset + pageSize) × active / matches` rows. It stops at four times that; without a full page
 * by then, the page is collected after all. The statement that holds both ways must count
 * before it reads the page, where otherwise the total and the page are two statements run side by
 * side; so only the searches where walking can pay take it: the first page, one word, in
 * last-modified order. A later page needs more matches than a word usually has; the unique-ID
 * order follows the searched ID; the name and appointment indexes do not hold the searched values;
 * several words rarely match many patients together, and the statement for them is long to plan
 * (three parts per way for one word, six for two).
 */
export const mayWalk = (query: PatientListQuery, terms: Term[]) =>
  query.page === 1 && terms.length === 1 && query.sort === 'lastModified';

const cut = (query: PatientListQuery) =>
  sql`limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`;

/** The ids of a search's page, collected from the search indexes, sorted and cut. */
export function collectedPageIds(accountId: string, terms: Term[], query: PatientListQuery): SQL {
  // The derived table is named "patients" so that the sort expressions apply to it unchanged.
  return sql`select ${patients.id} from (${unionAll(searchParts(accountId, terms, { sort: query.sort }))}) as ${patients}
    order by ${sql.join(ordering(query.sort, query.order), sql`, `)} ${cut(query)}`;
}

/**
 * A search that may walk: its page and its exact total in one statement, which counts the matches
 * once (index-only ranges, see search-parts.ts) and runs the one way that count chooses.
 */
export async function walkingSearchPage(db: Db, accountId: string, query: PatientListQuery, terms: Term[]) {
  const order = ordering(query.sort, query.order);
  const orderBy = sql.join(order, sql`, `);
  const searchTotal = db
    .$with('search_total')
    .as(
      db.select({ n: sql<number>`${searchCount(accountId, terms)}`.as('n') }).from(sql`(values (1)) as one`),
    );
  const active = sql`coalesce((select ${accountPatientCounts.active} from ${accountPatientCounts} where ${eq(accountPatientCounts.accountId, accountId)}), 0)::bigint`;
  const size = query.pageSize;
  // Depends only on the count, evaluated once: a false one skips the walk altogether. In bigint:
  // the page's end times the patients of a large account is past the range of integer.
  const walk = sql`((select n * n from search_total) > ${size}::bigint * ${active})`;
  // The walk reads at most four times the rows it expects to: matches bunched at the far end of the
  // order (patients imported in alphabetical order, say) then cost a bounded walk and the collect.
  const bound = sql`(4 * ${size}::bigint * ${active} / greatest((select n from search_total), 1))`;
  // The searched values as the index holds them, named so that the walk tests them without lower().
  const [uid, first, last] = ['search_uid', 'search_first', 'search_last'].map((name) => sql.raw(name)) as [
    SQL,
    SQL,
    SQL,
  ];
  const [uidValue, firstValue, lastValue] = searched;
  const walked = sql`select ${patients.id}, ${patients.lastModifiedAt} from (
      select ${patients.id}, ${patients.lastModifiedAt}, ${uidValue} as ${uid}, ${firstValue} as ${first}, ${lastValue} as ${last}
      from ${patients}
      where ${and(eq(patients.accountId, accountId), isNull(patients.deletedAt), sql`${walk} is true`)}
      order by ${orderBy} limit ${bound}) as ${patients}
    where ${and(...terms.map((t) => termMatches(t, [uid, first, last])))}
    order by ${orderBy} limit ${size}`;
  const complete = sql`((select count(*) from search_walked) = ${size})`;
  // Materialized, so that the planner cannot turn the collect branch into a walk of its own.
  const ids = sql`with search_walked as materialized (${walked})
    (select ${patients.id} from search_walked as ${patients} where ${complete})
    union all
    (with search_matches as materialized (${unionAll(searchParts(accountId, terms, { sort: query.sort }))})
      select ${patients.id} from search_matches as ${patients} where ${complete} is not true
      order by ${orderBy} limit ${size})`;
  const rows = await db
    .with(searchTotal)
    .select({
      ...getTableColumns(patients),
      ...presentationColumns,
      searchTotal: sql<number>`(select n from search_total)`.mapWith(Number),
    })
    .from(patients)
    .where(
      and(eq(patients.accountId, accountId), isNull(patients.deletedAt), sql`${patients.id} in (${ids})`),
    )
    .orderBy(...order);
  // Every row carries the total; the first page is empty only when nothing matches.
  return { rows, total: rows[0]?.searchTotal ?? 0 };
}

/** The total of a search alone. */
export async function countSearch(db: Db, accountId: string, terms: Term[]): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`${searchCount(accountId, terms)}`.mapWith(Number) })
    .from(sql`(values (1)) as one`);
  return row?.n ?? 0;
}
