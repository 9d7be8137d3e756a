// The one way dates and times are written for people: in the deployment's time zone and locale
// (the Manager's preferences), in the web app, the PDF report and any export alike; in a user's
// own language (`inLanguage`) where one person reads them.

export interface DateStyle {
  timeZone: string;
  locale: string;
}

export const DEFAULT_DATE_STYLE: DateStyle = { timeZone: 'UTC', locale: 'en-GB' };

/** Locales offered in the preferences: their medium date style is what people there expect. */
export const LOCALES = [
  'en-GB',
  'en-US',
  'en-IE',
  'fr-FR',
  'fr-CH',
  'de-DE',
  'de-CH',
  'nl-NL',
  'es-ES',
  'it-IT',
];

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isLocale(locale: string): boolean {
  try {
    return Intl.getCanonicalLocales(locale).length === 1;
  } catch {
    return false;
  }
}

/**
 * The deployment's style for a reader of `language`: the same time zone, and the language with the
 * deployment locale's region ("fr" in an en-GB deployment is fr-GB, which writes "7 déc. 2026",
 * with the day-first order and 24-hour clock of the practice's country where the language has
 * them). The deployment's locale itself when it is already in that language (fr-CH stays fr-CH).
 */
export function inLanguage(style: DateStyle, language: string | null | undefined): DateStyle {
  if (!language) return style;
  let deployment: Intl.Locale;
  try {
    deployment = new Intl.Locale(style.locale);
  } catch {
    return { ...style, locale: language };
  }
  if (deployment.language === language) return style;
  const locale = deployment.region ? `${language}-${deployment.region}` : language;
  return { ...style, locale: isLocale(locale) ? locale : language };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: DateStyle, options: Intl.DateTimeFormatOptions, key: string) {
  const id = `${style.locale}|${style.timeZone}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(style.locale, { timeZone: style.timeZone, ...options });
    formatters.set(id, f);
  }
  return f;
}

type When = string | Date | null | undefined;
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "7 Dec 2026" (en-GB), "Dec 7, 2026" (en-US), "7 déc. 2026" (fr-FR). A calendar day without a time
 * (a date of birth) is that day everywhere, so it is never moved by the time zone.
 */
export function formatDate(when: When, style: DateStyle = DEFAULT_DATE_STYLE): string {
  if (!when) return '—';
  if (typeof when === 'string' && DAY_ONLY.test(when)) {
    return formatter({ ...style, timeZone: 'UTC' }, { dateStyle: 'medium' }, 'd').format(
      new Date(`${when}T00:00:00Z`),
    );
  }
  return formatter(style, { dateStyle: 'medium' }, 'd').format(new Date(when));
}

/** "7 Dec 2026, 16:23" in the deployment's zone; the locale decides the order and the clock. */
export function formatDateTime(when: When, style: DateStyle = DEFAULT_DATE_STYLE): string {
  if (!when) return '—';
  return formatter(style, { dateStyle: 'medium', timeStyle: 'short' }, 'dt').format(new Date(when));
}

/** "16:23" (or "4:23 PM"): a time of today, in the deployment's zone and locale. */
export function formatTime(when: When, style: DateStyle = DEFAULT_DATE_STYLE): string {
  if (!when) return '—';
  return formatter(style, { timeStyle: 'short' }, 't').format(new Date(when));
}
