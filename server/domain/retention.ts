/** Retention is counted in whole months: 1 to 1200 (100 years). */
export const MIN_RETENTION_MONTHS = 1;
export const MAX_RETENTION_MONTHS = 1200;
export const DEFAULT_RETENTION_MONTHS = 120;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "10 years", "2 years, 3 months", "1 month". */
export function retentionText(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years > 0) parts.push(plural(years, 'year'));
  if (rest > 0 || years === 0) parts.push(plural(rest, 'month'));
  return parts.join(', ');
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}
