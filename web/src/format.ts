import dayjs from 'dayjs';
import {
  type DateStyle,
  DEFAULT_DATE_STYLE,
  formatDate,
  formatDateTime,
  formatTime,
  inLanguage,
} from '../../shared/dates.ts';
import { i18n } from './i18n/index.ts';

// The deployment's time zone and locale (the Manager's preferences), set by the signed-in frame
// once the settings are read; every date on screen goes through fmtDate, fmtDateTime and fmtTime,
// in the reader's language with the deployment's region and zone (shared/dates.ts, inLanguage).
let style: DateStyle = DEFAULT_DATE_STYLE;
export function setDateStyle(next: DateStyle | undefined) {
  style = next ?? DEFAULT_DATE_STYLE;
}
export const dateStyle = () => style;
const shown = () => inLanguage(style, i18n.language);

export const fmtDate = (iso: string | null | undefined) => formatDate(iso, shown());
export const fmtDateTime = (iso: string | null | undefined) => formatDateTime(iso, shown());
export const fmtTime = (when: Date | string | null | undefined) => formatTime(when, shown());

/** "in 9 years, 11 months" / "in 3 days" / "expired": how long a deleted record stays recoverable. */
export function countdown(expiresAt: string, now = new Date()): string {
  const end = dayjs(expiresAt);
  const start = dayjs(now);
  if (!end.isAfter(start)) return 'expired';
  const months = end.diff(start, 'month');
  if (months >= 12) {
    const y = Math.floor(months / 12);
    const m = months % 12;
    return `in ${y} year${y === 1 ? '' : 's'}${m ? `, ${m} month${m === 1 ? '' : 's'}` : ''}`;
  }
  if (months >= 1) return `in ${months} month${months === 1 ? '' : 's'}`;
  const days = end.diff(start, 'day');
  if (days >= 1) return `in ${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.max(1, end.diff(start, 'hour'));
  return `in ${hours} hour${hours === 1 ? '' : 's'}`;
}

export const patientName = (p: { firstName: string | null; lastName: string | null }) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ') || 'No name';

/** "1 entry", "3 entries". */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1.2 MB": sizes of backups and files, in the decimal units disks are sold in. */
export function fmtBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let n = bytes / 1000;
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}
