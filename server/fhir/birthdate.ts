import { badRequest } from './outcome.ts';

/**
 * FHIR date search on a birth date (a day): each `birthdate` value (prefix eq, ge, gt, le, lt;
 * precision year, month or day) narrows an inclusive range of days; several values must all hold.
 */
export function birthDateRange(values: string[]): { from?: string; to?: string } {
  let from: string | undefined;
  let to: string | undefined;
  const atLeast = (d: string) => {
    if (!from || d > from) from = d;
  };
  const atMost = (d: string) => {
    if (!to || d < to) to = d;
  };
  for (const raw of values) {
    const m = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(raw);
    if (!m) throw badRequest('birthdate takes [eq|ge|gt|le|lt]YYYY[-MM[-DD]].');
    const [, prefix = 'eq', y, mo, d] = m;
    const start = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
    const end = d
      ? start
      : mo
        ? new Date(Date.UTC(Number(y), Number(mo), 0))
        : new Date(Date.UTC(Number(y), 11, 31));
    if (Number.isNaN(start.getTime()) || (d && day(start) !== `${y}-${mo}-${d}`)) {
      throw badRequest(`${raw} is not a calendar date.`);
    }
    if (prefix === 'eq' || prefix === 'ge') atLeast(day(start));
    if (prefix === 'eq' || prefix === 'le') atMost(day(end));
    if (prefix === 'gt') atLeast(day(addDays(end, 1)));
    if (prefix === 'lt') atMost(day(addDays(start, -1)));
  }
  return { from, to };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
