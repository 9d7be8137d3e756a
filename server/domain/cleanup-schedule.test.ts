import { describe, expect, it } from 'vitest';
import { nextCleanupAt } from './cleanup-schedule.ts';

describe('the daily cleanup schedule', () => {
  it('runs next at 03:15 local time, within a day', () => {
    const now = new Date(2026, 0, 1, 12, 0, 0);
    const next = nextCleanupAt(now);
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600_000);
    expect([next.getHours(), next.getMinutes()]).toEqual([3, 15]);
  });
  it('runs the same night when asked before 03:15', () => {
    const now = new Date(2026, 0, 1, 1, 0, 0);
    expect(nextCleanupAt(now)).toEqual(new Date(2026, 0, 1, 3, 15, 0));
  });
});
