import { describe, expect, it } from 'vitest';
import {
  isLocked,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  LOCKOUT_WINDOW_MS,
  lockAfter,
  windowStart,
} from './login-lockout.ts';

const now = new Date('2026-01-01T12:00:00Z');

describe('login lockout', () => {
  it('locks at the tenth failure of the window, for the full period', () => {
    expect(lockAfter(LOCKOUT_FAILURES - 1, now)).toBeNull();
    expect(lockAfter(LOCKOUT_FAILURES, now)).toEqual(new Date(now.getTime() + LOCKOUT_MS));
  });

  it('is locked until the end of the period, not a moment less', () => {
    const until = new Date(now.getTime() + 1000);
    expect(isLocked(until, now)).toBe(true);
    expect(isLocked(until, new Date(now.getTime() + 1000))).toBe(false);
    expect(isLocked(null, now)).toBe(false);
  });

  it('counts failures of the last 15 minutes', () => {
    expect(windowStart(now)).toEqual(new Date(now.getTime() - LOCKOUT_WINDOW_MS));
  });
});
