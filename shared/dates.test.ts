import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, isLocale, isTimeZone } from './dates.ts';

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
