import { describe, expect, it } from 'vitest';
import { addMonths, retentionText } from './retention.ts';

describe('retentionText', () => {
  it.each([
    [1, '1 month'],
    [6, '6 months'],
    [12, '1 year'],
    [27, '2 years, 3 months'],
    [120, '10 years'],
    [13, '1 year, 1 month'],
    [1200, '100 years'],
  ])('%i months reads "%s"', (months, text) => {
    expect(retentionText(months)).toBe(text);
  });
});

describe('addMonths', () => {
  it('adds calendar months in UTC', () => {
    expect(addMonths(new Date('2026-01-01T00:00:00Z'), 6).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(addMonths(new Date('2026-01-01T10:30:00Z'), 120).toISOString()).toBe('2036-01-01T10:30:00.000Z');
  });
  it('clamps to the last day of a shorter month, like PostgreSQL intervals', () => {
    expect(addMonths(new Date('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(addMonths(new Date('2027-12-31T00:00:00Z'), 2).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});
