import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import type { Db } from '../../db/client.ts';
import { accountPatientCounts, patients } from '../../db/schema.ts';
import { ordering } from './list-order.ts';
import { presentationColumns } from './present.ts';
import { searchCount, searchParts, type Term, termMatches, unionAll } from './search-parts.ts';

/**
 * A search alone (no tag or range filter): its page and its exact total in one statement, which
 * counts the matches once (three index-only ranges, see search-parts.ts) and uses that count to
 * choose how to find the page.
 * - Collect: read every match from the search indexes, sort, cut. Cheap for a rare word.
 * - Walk (last-modified order only): read the last-modified index in order, test each patient on
 *   the search values it holds, stop at the page's end. A word matching 1.4 % of patients finds
 *   page 1 after about 3,500 index rows instead of collecting and sorting every match.
 * Walking pays when `matches² > (offset + pageSize) × active patients` (walkingPays in
 * domain/search-words.ts): matches spread along the order, so the walk reads about
 * `(offset + pageSize) × active / matches` rows. The other orders collect: the unique ID follows
 * the searched ID, and the name and appointment indexes do not hold the searched values.
 */
export async function searchPage(db: Db, accountId: string, query: PatientListQuery, terms: Term[]) {
  const order = ordering(query.sort, query.order);
  const orderBy = sql.join(order, sql`, `);
  const offset = (query.page - 1) * query.pageSize;
  const cut = sql`limit ${query.pageSize} offset ${offset}`;
  const searchTotal = db
    .$with('search_total')
    .as(
      db.select({ n: sql<number>`${searchCount(accountId, terms)}`.as('n') }).from(sql`(values (1)) as one`),
    );
  // The derived tables are named "patients" so that the sort expressions apply to them unchanged.
  const collected = unionAll(searchParts(accountId, terms, { sort: query.sort }));
  let ids: SQL;
  if (query.sort === 'lastModified') {
    const active = sql`coalesce((select ${accountPatientCounts.active} from ${accountPatientCounts} where ${eq(accountPatientCounts.accountId, accountId)}), 0)::bigint`;
    // Depends only on the count: the statement evaluates it once and runs one of the two branches.
    // In bigint: a deep page times a million patients is past the range of integer.
    const walk = sql`((select n * n from search_total) > ${offset + query.pageSize}::bigint * ${active})`;
    const walked = and(
      eq(patients.accountId, accountId),
      isNull(patients.deletedAt),
      ...terms.map(termMatches),
      sql`${walk} is true`,
    );
    // Materialized, so that the planner cannot turn the collect branch into a walk of its own.
    ids = sql`(select ${patients.id} from ${patients} where ${walked} order by ${orderBy} ${cut})
      union all
      (with search_matches as materialized (${collected})
        select ${patients.id} from search_matches as ${patients} where ${walk} is not true order by ${orderBy} ${cut})`;
  } else {
    ids = sql`select ${patients.id} from (${collected}) as ${patients} order by ${orderBy} ${cut}`;
  }
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
  // Past the last page there is no row to carry the total; page 1 is empty only when nothing matches.
  const total = rows[0]?.searchTotal ?? (query.page === 1 ? 0 : await countSearch(db, accountId, terms));
  return { rows, total };
}

/** The total of a search alone. */
export async function countSearch(db: Db, accountId: string, terms: Term[]): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`${searchCount(accountId, terms)}`.mapWith(Number) })
    .from(sql`(values (1)) as one`);
  return row?.n ?? 0;
}
