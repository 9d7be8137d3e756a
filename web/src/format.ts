import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
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

// The app's words in the current language; callers that render pass their own `t`, so a change of
// language re-renders them (the default is for callers of other parts of the app).
const appT = ((...args: Parameters<TFunction>) => i18n.t(...args)) as TFunction;

/** "10 years", "2 years, 3 months", "1 month": a span of whole months in words. */
export function monthsText(months: number, t: TFunction = appT): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years > 0) parts.push(t('format:years', { count: years }));
  if (rest > 0 || years === 0) parts.push(t('format:months', { count: rest }));
  return parts.join(t('format:listSeparator'));
}

/** "in 9 years, 11 months" / "in 3 days" / "expired": how long a deleted record stays recoverable. */
export function countdown(expiresAt: string, t: TFunction = appT, now = new Date()): string {
  const end = dayjs(expiresAt);
  const start = dayjs(now);
  if (!end.isAfter(start)) return t('format:expired');
  const months = end.diff(start, 'month');
  const days = end.diff(start, 'day');
  const span =
    months >= 1
      ? monthsText(months, t)
      : days >= 1
        ? t('format:days', { count: days })
        : t('format:hours', { count: Math.max(1, end.diff(start, 'hour')) });
  return t('format:in', { span });
}

export const patientName = (p: { firstName: string | null; lastName: string | null }, t: TFunction = appT) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ') || t('format:noName');

/** "1 entry", "3 entries": English only; translated text uses i18next plurals (`_one`, `_other`). */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1.2 MB": sizes of backups and files, in the decimal units disks are sold in. */
export function fmtBytes(bytes: number | null | undefined, t: TFunction = appT): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1000) return t('format:bytes.B', { n: bytes });
  const units = ['kB', 'MB', 'GB', 'TB'];
  let n = bytes / 1000;
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  // The decimal comma or point of the language in use ("1,2 Mo" in French).
  const decimals = n < 10 ? 1 : 0;
  const digits = new Intl.NumberFormat(i18n.language, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return t(`format:bytes.${units[i]}`, { n: digits.format(n) });
}
