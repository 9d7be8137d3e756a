import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, inLanguage, isLocale, isTimeZone } from './dates.ts';

describe('dates for people', () => {
  const at = '2026-12-07T16:23:00.000Z';
  it('writes a moment in the deployment time zone and locale', () => {
    expect(formatDateTime(at, { timeZone: 'UTC', locale: 'en-GB' })).toBe('7 Dec 2026, 16:23');
    expect(formatDateTime(at, { timeZone: 'Europe/Paris', locale: 'en-GB' })).toBe('7 Dec 2026, 17:23');
    expect(formatDateTime(at, { timeZone: 'Europe/Paris', locale: 'fr-FR' })).toBe('7 déc. 2026, 17:23');
    expect(formatDateTime(at, { timeZone: 'America/New_York', locale: 'en-US' })).toMatch(
      /^Dec 7, 2026, 11:23\sAM$/,
    );
  });
  it('moves the day with the zone for a moment, never for a calendar day', () => {
    const late = '2026-12-07T23:30:00.000Z';
    expect(formatDate(late, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('8 Dec 2026');
    expect(formatDate('1980-03-01', { timeZone: 'Pacific/Honolulu', locale: 'en-GB' })).toBe('1 Mar 1980');
  });
  it('writes a time alone the same way', () => {
    expect(formatTime('2026-12-07T16:23:00.000Z', { timeZone: 'Europe/Paris', locale: 'fr-FR' })).toBe(
      '17:23',
    );
  });
  it('says nothing was there with a dash', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });
  it('knows time zones and locales', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isLocale('fr-FR')).toBe(true);
    expect(isLocale('not a locale!')).toBe(false);
  });
});

describe("dates in a reader's language", () => {
  const at = '2026-12-07T16:23:00Z';
  const london = { timeZone: 'Europe/London', locale: 'en-GB' };

  it('writes French words in an English deployment, keeping its time zone', () => {
    const fr = inLanguage(london, 'fr');
    expect(fr).toEqual({ timeZone: 'Europe/London', locale: 'fr-GB' });
    expect(formatDate(at, fr)).toBe('7 déc. 2026');
    expect(formatDateTime(at, fr)).toBe('7 déc. 2026, 16:23');
    expect(formatDateTime(at, inLanguage({ timeZone: 'Europe/Paris', locale: 'en-US' }, 'fr'))).toBe(
      '7 déc. 2026, 17:23',
    );
  });

  it('keeps the deployment locale when it is already in that language, and follows it without one', () => {
    const geneva = { timeZone: 'Europe/Zurich', locale: 'fr-CH' };
    expect(inLanguage(geneva, 'fr')).toBe(geneva);
    expect(inLanguage(london, null)).toBe(london);
    expect(inLanguage(london, undefined)).toBe(london);
  });

  it('writes English in a French deployment with the region of the deployment', () => {
    const paris = inLanguage({ timeZone: 'Europe/Paris', locale: 'fr-FR' }, 'en');
    expect(paris.locale).toBe('en-FR');
    expect(formatDate(at, paris)).toBe('7 Dec 2026');
  });

  it('keeps a date of birth on its calendar day in any language', () => {
    expect(
      formatDate('1980-03-01', inLanguage({ timeZone: 'Pacific/Auckland', locale: 'en-GB' }, 'fr')),
    ).toBe('1 mars 1980');
  });
});
