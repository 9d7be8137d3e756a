import type { Resource } from '@medplum/fhirtypes';
import { and, type SQL, sql } from 'drizzle-orm';
import { requireAccount } from '../../services/access.ts';
import type { Call } from '../types.ts';
import type { ParsedSearch, TableSearch } from './types.ts';
import { clauseWhere } from './where.ts';

export interface SearchAnswer {
  resources: Resource[];
  total: number;
  /** Resources added by `_include`/`_revinclude` (search mode `include`). */
  included: Resource[];
}

/** A search over one table of the caller's account: filter, count, sort, one page, includes. */
export async function runTableSearch(spec: TableSearch, call: Call, q: ParsedSearch): Promise<SearchAnswer> {
  const accountId = requireAccount(call.actor, 'patients.read');
  const now = call.ctx.clock.now();
  const where = and(
    spec.scope(accountId),
    ...q.clauses.map((c) => clauseWhere(c.param, c.modifier, c.values, now)),
  ) as SQL;
  const total = await spec.count(call.ctx.db, where);
  if (q.totalOnly) return { resources: [], total, included: [] };
  const order = q.sort.length
    ? q.sort.flatMap((s) =>
        (s.param.sort ?? []).map((c) =>
          s.descending ? sql`${c} desc nulls last` : sql`${c} asc nulls last`,
        ),
      )
    : spec.defaultSort;
  const offset = (q.page.page - 1) * q.page.count;
  const resources = await spec.page(call, where, [...order, spec.idColumn], q.page.count, offset);
  const included: Resource[] = [];
  const seen = new Set(resources.map(key));
  for (const inc of q.includes) {
    for (const r of await inc.load(call, resources)) {
      if (seen.has(key(r))) continue;
      seen.add(key(r));
      included.push(r);
    }
  }
  return { resources, total, included };
}

const key = (r: Resource) => `${r.resourceType}/${r.id}`;

/** A search answer over a list made in memory (a patient's reports): its total and one page. */
export function searchAnswerOf(all: Resource[], q: ParsedSearch): SearchAnswer {
  if (q.totalOnly) return { resources: [], total: all.length, included: [] };
  const offset = (q.page.page - 1) * q.page.count;
  return { resources: all.slice(offset, offset + q.page.count), total: all.length, included: [] };
}
