import { describe, expect, it } from 'vitest';
import { LOCKOUT_MS, lockoutState, type SignInEvent } from './login-lockout.ts';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const failed = (minutes: number, reason = 'wrong_password'): SignInEvent => ({
  action: 'auth.login_failed',
  at: ago(minutes),
  reason,
});

describe('lockoutState', () => {
  it('counts wrong passwords of the last 15 minutes, back to the last sign-in', () => {
    const events = [failed(1), failed(2), { action: 'auth.login', at: ago(3), reason: undefined }, failed(4)];
    expect(lockoutState(events, now)).toEqual({ locked: false, failures: 2 });
    expect(lockoutState([failed(1), failed(14), failed(15), failed(16)], now).failures).toBe(2);
  });

  it('is locked for 15 minutes after auth.lockout; attempts while locked do not count', () => {
    const lock = (minutes: number): SignInEvent => ({
      action: 'auth.lockout',
      at: ago(minutes),
      reason: undefined,
    });
    expect(lockoutState([failed(1, 'locked'), lock(5), failed(5)], now)).toEqual({
      locked: true,
      failures: 0,
    });
    expect(lockoutState([failed(1, 'locked'), lock(LOCKOUT_MS / 60_000)], now)).toEqual({
      locked: false,
      failures: 0,
    });
  });
});
