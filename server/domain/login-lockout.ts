/**
 * Ten sign-in failures of one user (wrong passwords and wrong second-factor codes alike) within
 * 15 minutes lock its sign-in for 15 minutes; attempts while locked change nothing and count for
 * nothing, so the lock ends on time and never earlier.
 */
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

/** The sign-in failures that count towards a lockout. */
export const COUNTED_FAILURES = new Set(['wrong_password', 'totp_invalid']);

export const isLocked = (lockedUntil: Date | null, now: Date) =>
  lockedUntil !== null && lockedUntil.getTime() > now.getTime();

/** Failures at or after this moment count. */
export const windowStart = (now: Date) => new Date(now.getTime() - LOCKOUT_WINDOW_MS);

/** With `failures` counted in the window (this one included): locked until when, or not. */
export function lockAfter(failures: number, now: Date): Date | null {
  return failures >= LOCKOUT_FAILURES ? new Date(now.getTime() + LOCKOUT_MS) : null;
}
