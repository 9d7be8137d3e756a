import { badRequest } from '../outcome.ts';
import { pageOf } from '../params.ts';
import type { Params } from '../types.ts';
import { parseDate } from './dates.ts';
import type { Clause, IncludeDef, ParsedSearch, SearchParam, SearchValue } from './types.ts';

/** What a type offers to search: its parameters and the references `_include`/`_revinclude` follow. */
export interface SearchOffer {
  type: string;
  params: SearchParam[];
  includes?: IncludeDef[];
  revincludes?: IncludeDef[];
}

/** Paging parameters the server reads itself; `_page` is the one its next links carry. */
const PAGING = ['_count', '_page'];

/** A comma list: `a,b` is a or b; `\,` is a comma inside a value. */
export function alternatives(raw: string): string[] {
  return raw.split(/(?<!\\),/).map((v) => v.replace(/\\([,|$\\])/g, '$1'));
}

/**
 * The query of a search, checked against what the type offers. By default anything the server
 * would not apply (an unknown parameter, modifier, comparator, sort or include) is refused with
 * a 400 naming it; with `Prefer: handling=lenient` it is left out, and out of the self link.
 */
export function parseSearch(offer: SearchOffer, query: Params, lenient: boolean): ParsedSearch {
  const byName = new Map(offer.params.map((p) => [p.name, p]));
  const out: ParsedSearch = {
    clauses: [],
    sort: [],
    includes: [],
    totalOnly: false,
    page: pageOf(query),
    applied: [],
  };
  const refuse = (text: string) => {
    if (!lenient) throw badRequest(`${text} (Prefer: handling=lenient ignores it).`);
  };
  for (const [key, values] of Object.entries(query)) {
    if (PAGING.includes(key)) continue;
    for (const value of values) {
      const ok = control(offer, byName, out, key, value, refuse) ?? clause(byName, out, key, value, refuse);
      if (ok) out.applied.push([key, value]);
    }
  }
  if (out.page.count === 0) out.totalOnly = true;
  return out;
}

type Refuse = (text: string) => void;

/** `_sort`, `_summary`, `_include`, `_revinclude`; undefined for any other key. */
function control(
  offer: SearchOffer,
  byName: Map<string, SearchParam>,
  out: ParsedSearch,
  key: string,
  value: string,
  refuse: Refuse,
): boolean | undefined {
  if (key === '_sort') {
    const keys = value.split(',').map((k) => ({ name: k.replace(/^-/, ''), descending: k.startsWith('-') }));
    const bad = keys.find((k) => !byName.get(k.name)?.sort);
    if (bad) return refuse(`${offer.type} cannot be sorted by ${bad.name || '(empty)'}`), false;
    out.sort.push(
      ...keys.map((k) => ({ param: byName.get(k.name) as SearchParam, descending: k.descending })),
    );
    return true;
  }
  if (key === '_summary') {
    if (value !== 'count') return refuse(`_summary=${value} is not supported; only _summary=count is`), false;
    out.totalOnly = true;
    return true;
  }
  if (key === '_include' || key === '_revinclude') {
    const list = (key === '_include' ? offer.includes : offer.revincludes) ?? [];
    const found = list.find((i) => i.name === value);
    if (!found) return refuse(`${key}=${value} is not supported for ${offer.type}`), false;
    out.includes.push(found);
    return true;
  }
  return undefined;
}

/** A search parameter with its modifier and comma list. */
function clause(
  byName: Map<string, SearchParam>,
  out: ParsedSearch,
  key: string,
  value: string,
  refuse: Refuse,
): boolean {
  const [name = '', modifier, ...rest] = key.split(':');
  const param = byName.get(name);
  if (!param || rest.length) return refuse(`Unknown search parameter ${key}`), false;
  if (modifier !== undefined && !param.modifiers?.includes(modifier as 'exact')) {
    return refuse(`Search parameter ${name} does not take the modifier :${modifier}`), false;
  }
  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false') throw badRequest(`${key} takes true or false.`);
    out.clauses.push({ param, modifier, values: [{ raw: value }] });
    return true;
  }
  const values: SearchValue[] = [];
  for (const raw of alternatives(value)) {
    if (param.type === 'date') {
      values.push({ raw, date: parseDate(name, raw) });
    } else {
      if (raw === '') throw badRequest(`${name} needs a value.`);
      values.push({ raw });
    }
  }
  const c: Clause = { param, modifier, values };
  out.clauses.push(c);
  return true;
}
