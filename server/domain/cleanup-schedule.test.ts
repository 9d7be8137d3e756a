import { describe, expect, it } from 'vitest';
import { nextCleanupAt, scheduleProblem, turnWindowMs } from './cleanup-schedule.ts';

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

describe('a configured schedule', () => {
  it('explains a pattern that cannot be used', () => {
    expect(scheduleProblem('15 3 * * *')).toBeUndefined();
    expect(scheduleProblem('every night')).toEqual(expect.any(String));
    expect(scheduleProblem('0 0 30 2 *')).toEqual(expect.any(String)); // 30 February
  });
  it('counts a run for its turn during half the gap to the next turn', () => {
    const now = new Date(2026, 0, 1, 12, 0, 0);
    expect(turnWindowMs(now)).toBe(12 * 3600_000);
    expect(turnWindowMs(now, '*/10 * * * * *')).toBe(5_000);
  });
});
