/** Ten wrong passwords for one user within 15 minutes lock its sign-in for 15 minutes. */
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

export interface SignInEvent {
  action: string;
  at: Date;
  /** The reason of an auth.login_failed event. */
  reason: string | undefined;
}

/**
 * Reads a user's sign-in events, newest first: locked while an auth.lockout is younger than
 * LOCKOUT_MS; otherwise counts the wrong passwords of the window since the last sign-in or lock.
 * Attempts refused while locked do not count, so a lock ends on time.
 */
export function lockoutState(events: SignInEvent[], now: Date): { locked: boolean; failures: number } {
  let failures = 0;
  for (const e of events) {
    const age = now.getTime() - e.at.getTime();
    if (e.action === 'auth.lockout') return { locked: age < LOCKOUT_MS, failures };
    if (e.action === 'auth.login') break;
    if (e.action !== 'auth.login_failed' || e.reason !== 'wrong_password') continue;
    if (age >= LOCKOUT_WINDOW_MS) break;
    failures++;
  }
  return { locked: false, failures };
}
