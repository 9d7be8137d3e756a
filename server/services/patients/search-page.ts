import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import type { Db } from '../../db/client.ts';
import { patients } from '../../db/schema.ts';
import { ordering } from './list-order.ts';
import { presentationColumns } from './present.ts';
import { searchCount, searchParts, type Term, termMatches, unionAll } from './search-parts.ts';

/**
 * The page of a search alone, two ways.
 * - Collect: read every match from the search indexes (index-only), sort, cut. Cheap for a rare
 *   word; for a frequent one it sorts every match to keep 50.
 * - Walk: read the last-modified index in order, test each patient on the search values it holds,
 *   stop at the page's end. A word matching 1.4 % of patients finds page 1 after about 3,500 index
 *   rows instead of collecting and sorting its 13,846 matches.
 * For the first page of one word in last-modified order the page is the plain condition, ordered
 * and cut, and PostgreSQL chooses: with statistics on each searched expression it knows how many
 * patients a word matches (walk the index, or gather the few matches from the search indexes).
 * Other searches collect: a later page needs more matches than a word usually has; the unique-ID
 * order follows the searched ID; the name and appointment indexes do not hold the searched values;
 * several words together are estimated as if independent, which they are not (an "emma smi" walk
 * would read 120,000 index rows for 410 matches).
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

/** The page of a search that may walk: the plain condition, ordered and cut. */
export function walkingSearchPage(db: Db, accountId: string, query: PatientListQuery, terms: Term[]) {
  const order = ordering(query.sort, query.order);
  const ids = db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.accountId, accountId), isNull(patients.deletedAt), ...terms.map(termMatches)))
    .orderBy(...order)
    .limit(query.pageSize);
  return db
    .select({ ...getTableColumns(patients), ...presentationColumns })
    .from(patients)
    .where(
      and(eq(patients.accountId, accountId), isNull(patients.deletedAt), sql`${patients.id} in (${ids})`),
    )
    .orderBy(...order);
}

/** The total of a search alone. */
export async function countSearch(db: Db, accountId: string, terms: Term[]): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`${searchCount(accountId, terms)}`.mapWith(Number) })
    .from(sql`(values (1)) as one`);
  return row?.n ?? 0;
}
