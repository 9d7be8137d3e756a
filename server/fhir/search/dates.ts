import { badRequest } from '../outcome.ts';

export const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

/** A searched date: its prefix and the instants it covers, [start, end). */
export interface DateValue {
  prefix: DatePrefix;
  start: Date;
  end: Date;
  /** Day precision or coarser: a date column can be compared with it. */
  byDay: boolean;
}

const DATE =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date search value (`[prefix]YYYY[-MM[-DD[Thh:mm[:ss[.fff]][tz]]]]`) as the range its
 * precision covers: 2026-05 covers all of May. A time without a zone is read as UTC.
 */
export function parseDate(name: string, raw: string): DateValue {
  const m = DATE.exec(raw);
  if (!m) throw badRequest(`${name}: ${raw} is not a FHIR date ([prefix]YYYY[-MM[-DD[Thh:mm[:ss]]]]).`);
  const [, prefix = 'eq', y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : 0;
  const day = d ? Number(d) : 1;
  const local = Date.UTC(year, month, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const check = new Date(Date.UTC(year, month, day));
  if (
    (mo && (month < 0 || month > 11)) ||
    (d && check.getUTCDate() !== day) ||
    Number(h ?? 0) > 23 ||
    Number(mi ?? 0) > 59 ||
    Number(s ?? 0) > 59
  ) {
    throw badRequest(`${name}: ${raw} is not a calendar date.`);
  }
  const offset = tz && tz !== 'Z' ? (tz.startsWith('-') ? -1 : 1) * minutes(tz.slice(1)) : 0;
  const start = new Date(local - offset * 60_000 + (frac ? Math.floor(Number(frac) * 1000) : 0));
  let end: Date;
  if (frac) end = new Date(start.getTime() + 1);
  else if (s) end = new Date(start.getTime() + 1000);
  else if (mi) end = new Date(start.getTime() + 60_000);
  else if (d) end = new Date(Date.UTC(year, month, day + 1));
  else if (mo) end = new Date(Date.UTC(year, month + 1, 1));
  else end = new Date(Date.UTC(year + 1, 0, 1));
  return { prefix: prefix as DatePrefix, start, end, byDay: !h };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The bounds a point in time `t` (or a day, compared by its first instant) must satisfy, as
 * FHIR's prefixes define them for a target that is a point: `[lower, upper)`, and `ne` negates.
 * `ap` widens the range by a tenth of its distance from now (at least a day).
 */
export function dateBounds(v: DateValue, now: Date): { lower?: Date; upper?: Date; negate?: boolean } {
  switch (v.prefix) {
    case 'eq':
      return { lower: v.start, upper: v.end };
    case 'ne':
      return { lower: v.start, upper: v.end, negate: true };
    case 'gt':
    case 'sa':
      return { lower: v.end };
    case 'ge':
      return { lower: v.start };
    case 'lt':
    case 'eb':
      return { upper: v.start };
    case 'le':
      return { upper: v.end };
    case 'ap': {
      const gap = Math.abs(now.getTime() - v.start.getTime()) / 10;
      const widen = Math.max(gap, 86_400_000);
      return { lower: new Date(v.start.getTime() - widen), upper: new Date(v.end.getTime() + widen) };
    }
  }
}

/** `YYYY-MM-DD` of an instant (UTC), for date columns. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);
