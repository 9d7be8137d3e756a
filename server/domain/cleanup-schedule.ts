import { Cron } from 'croner';

/** The daily cleanup runs at 03:15 server local time, when a practice is closed. */
export const CLEANUP_SCHEDULE = '15 3 * * *';

/** A cron pattern that parses and ever runs; the message says what is wrong, for the config error. */
export function scheduleProblem(pattern: string): string | undefined {
  try {
    return new Cron(pattern, { paused: true }).nextRun() ? undefined : 'it never runs';
  } catch (err) {
    return (err as Error).message;
  }
}

/** The first scheduled run strictly after `now`. */
export function nextCleanupAt(now: Date, pattern = CLEANUP_SCHEDULE): Date {
  const next = new Cron(pattern, { paused: true }).nextRun(now);
  if (!next) throw new Error(`the cleanup schedule "${pattern}" never runs`);
  return next;
}

/**
 * How long a scheduled run counts for its turn: half the gap to the turn after. Instances of one
 * deployment fire within moments of each other, and a run that started within this window means
 * the turn is taken, so each turn runs once however many instances there are.
 */
export function turnWindowMs(now: Date, pattern = CLEANUP_SCHEDULE): number {
  const [a, b] = new Cron(pattern, { paused: true }).nextRuns(2, now);
  if (!a || !b) return 12 * 3600_000;
  return (b.getTime() - a.getTime()) / 2;
}
