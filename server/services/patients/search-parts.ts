import { and, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PatientListQuery } from '../../../shared/schemas/patients.ts';
import { patients } from '../../db/schema.ts';
import { prefixUpperBound, searchWords } from '../../domain/search-words.ts';
import { sortKey } from './list-order.ts';

/** The searched columns, each compared bytewise: the expressions of the search indexes. */
const searched = [
  sql`${patients.uniqueId} collate "C"`,
  sql`lower(${patients.firstName}) collate "C"`,
  sql`lower(${patients.lastName}) collate "C"`,
] as const;

export interface Term {
  text: string;
  bound: string;
}

/** Lower-cased words of q (at most 5); undefined when one of them has no prefix range. */
export function searchTerms(q: string | undefined): Term[] | undefined {
  const terms = searchWords(q).map((text) => ({ text, bound: prefixUpperBound(text) }));
  return terms.every((t) => t.bound !== undefined) ? (terms as Term[]) : undefined;
}

const inRange = (column: SQL, t: Term) => sql`(${column} >= ${t.text} and ${column} < ${t.bound})`;
/**
 * The term prefix-matches the unique ID, the first name or the last name. As ranges over the
 * indexed expressions, so that an index holding them (the name indexes, the last-modified index)
 * tests it on stored values.
 */
export const termMatches = (t: Term) => or(...searched.map((c) => inRange(c, t))) as SQL;

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
export function searchParts(
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

export const unionAll = (parts: SQL[]) =>
  sql.join(
    parts.map((p) => sql`(${p})`),
    sql` union all `,
  );

/** The number of active patients matching every term: the sum of the counts of the disjoint parts. */
export const searchCount = (accountId: string, terms: Term[]) =>
  sql.join(
    searchParts(accountId, terms, 'count').map((p) => sql`(${p})`),
    sql` + `,
  );
