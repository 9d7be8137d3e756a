/** A bare calendar date: 2026-03-05. */
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant a range from `text` includes: a bare date starts at its midnight (UTC). */
export const rangeStart = (text: string): Date => new Date(BARE_DATE.test(text) ? `${text}T00:00:00Z` : text);

/**
 * The last instant a range up to `text` includes: a bare date as the upper bound includes that
 * whole day (UTC), so "from 2026-03-05 to 2026-03-05" is that day; a time is an exact bound.
 */
export function rangeEnd(text: string): Date {
  if (!BARE_DATE.test(text)) return new Date(text);
  return new Date(Date.parse(`${text}T00:00:00Z`) + 86_400_000 - 1);
}
