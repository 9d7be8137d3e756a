import { describe, expect, it } from 'vitest';
import { rangeEnd, rangeStart } from './time-range.ts';

describe('time range bounds', () => {
  it('a bare date starts at its midnight, UTC', () => {
    expect(rangeStart('2026-03-05').toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('a bare date as the upper bound includes its whole day', () => {
    expect(rangeEnd('2026-03-05').toISOString()).toBe('2026-03-05T23:59:59.999Z');
    expect(rangeEnd('2024-02-29').toISOString()).toBe('2024-02-29T23:59:59.999Z');
  });

  it('a time is an exact bound, midnight included', () => {
    expect(rangeEnd('2026-03-05T00:00:00Z').toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(rangeEnd('2026-03-05T12:30:00+02:00').toISOString()).toBe('2026-03-05T10:30:00.000Z');
    expect(rangeStart('2026-03-05T12:30:00Z').toISOString()).toBe('2026-03-05T12:30:00.000Z');
  });
});
