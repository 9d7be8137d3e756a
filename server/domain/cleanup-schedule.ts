import { Cron } from 'croner';

/** The daily cleanup runs at 03:15 server local time, when a practice is closed. */
export const CLEANUP_SCHEDULE = '15 3 * * *';

/** The first scheduled run strictly after `now`. */
export function nextCleanupAt(now: Date, pattern = CLEANUP_SCHEDULE): Date {
  const next = new Cron(pattern, { paused: true }).nextRun(now);
  if (!next) throw new Error(`the cleanup schedule "${pattern}" never runs`);
  return next;
}
