import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { isUuid } from '../../services/access.ts';
import { badRequest } from '../outcome.ts';
import { dateBounds, dayOf } from './dates.ts';
import type { SearchParam, SearchValue } from './types.ts';

type Col = AnyColumn | SQL;

/** Escapes LIKE wildcards so that a searched `_` or `%` matches itself. */
const like = (s: string) => s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * FHIR string matching over one or more columns: by default a word of the text starts with the
 * value (any case), `:exact` the whole text, `:contains` anywhere (any case).
 */
export function stringWhere(columns: Col[]) {
  return (v: SearchValue, modifier: string | undefined): SQL => {
    const each = columns.map((c) => {
      if (modifier === 'exact') return sql`${c} = ${v.raw}`;
      if (modifier === 'contains') return sql`lower(${c}) like ${`%${like(v.raw)}%`}`;
      const start = like(v.raw);
      return sql`(lower(${c}) like ${`${start}%`} or lower(${c}) like ${`% ${start}%`})`;
    });
    return sql`(${sql.join(each, sql` or `)})`;
  };
}

/** `[system|]code`: system undefined when no bar, '' for `|code` (no system). */
export function token(raw: string): { system?: string; code: string } {
  const bar = raw.indexOf('|');
  if (bar < 0) return { code: raw };
  return { system: raw.slice(0, bar), code: raw.slice(bar + 1) };
}

/**
 * A token compared with a column (any case): only the given systems (or none) can match.
 * `normalise` applies to both sides (e.g. the digits of a phone number); 'lowered' says the column
 * holds lower case already (so that its index serves).
 */
export function tokenWhere(column: Col, systems: string[], normalise?: 'lowered' | ((c: unknown) => SQL)) {
  return (v: SearchValue): SQL => {
    const t = token(v.raw);
    if (t.system !== undefined && t.system !== '' && !systems.includes(t.system)) return sql`false`;
    if (t.code === '') return sql`true`;
    if (normalise === 'lowered') return sql`${column} = ${t.code.toLowerCase()}`;
    if (normalise) return sql`${normalise(column)} = ${normalise(t.code)}`;
    return sql`lower(${column}) = ${t.code.toLowerCase()}`;
  };
}

/** A record id: a reference `Type/id`, a full URL ending with it, or the id alone. */
export function idOfReference(raw: string, type: string): string | undefined {
  const parts = raw.split('/');
  const id = parts.pop() ?? '';
  if (parts.length && parts[parts.length - 1] !== type) return undefined;
  return isUuid(id) ? id.toLowerCase() : undefined;
}

/** A uuid column compared with a reference or id; anything that is not one of ours matches nothing. */
export function referenceWhere(column: Col, type: string) {
  return (v: SearchValue): SQL => {
    const id = idOfReference(v.raw, type);
    return id ? sql`${column} = ${id}` : sql`false`;
  };
}

export const idWhere = (column: Col) => (v: SearchValue) =>
  isUuid(v.raw) ? sql`${column} = ${v.raw.toLowerCase()}` : sql`false`;

/** A date search on a timestamp column (a point in time), or on a date column (`day`). */
export function dateWhere(column: Col, kind: 'instant' | 'day' = 'instant') {
  return (v: SearchValue, _modifier: string | undefined, now: Date): SQL => {
    const date = v.date;
    if (!date) throw badRequest(`${v.raw} is not a date.`);
    if (kind === 'day' && !date.byDay) throw badRequest(`${v.raw}: this parameter takes a date, not a time.`);
    const b = dateBounds(date, now);
    const bound = (d: Date) =>
      kind === 'day' ? sql`${dayOf(d)}::date` : sql`${d.toISOString()}::timestamptz`;
    const parts: SQL[] = [];
    if (b.lower) parts.push(sql`${column} >= ${bound(b.lower)}`);
    if (b.upper) parts.push(sql`${column} < ${bound(b.upper)}`);
    const both = sql`(${sql.join(parts, sql` and `)})`;
    return b.negate ? sql`(${column} is null or not ${both})` : both;
  };
}

/** `_tag=[urn:vellum:tag|]id` through a record's tag table. */
export function tagWhere(system: string, has: (tagId: string) => SQL) {
  return (v: SearchValue): SQL => {
    const t = token(v.raw);
    if (t.system !== undefined && t.system !== '' && t.system !== system) return sql`false`;
    return isUuid(t.code) ? has(t.code.toLowerCase()) : sql`false`;
  };
}

/** The condition of one parameter: its values ORed, `:missing` as asked. */
export function clauseWhere(
  param: SearchParam,
  modifier: string | undefined,
  values: SearchValue[],
  now: Date,
): SQL {
  if (modifier === 'missing') {
    if (!param.missing) throw badRequest(`${param.name} does not take :missing.`);
    return values[0]?.raw === 'true' ? param.missing : sql`not (${param.missing})`;
  }
  if (!param.where) throw badRequest(`${param.name} cannot be searched here.`);
  const where = param.where;
  return sql`(${sql.join(
    values.map((v) => where(v, modifier, now)),
    sql` or `,
  )})`;
}
