import pg from 'pg';
import type { Database } from '../../db/client.ts';
import { conflict } from '../../errors.ts';

// One restore at a time per deployment. In this process a flag per database; across instances on
// PostgreSQL a session-level advisory lock on a connection of its own, held until the restore ends.
export const RESTORE_LOCK = 7_411_004;
const running = new WeakSet<Database>();

const busy = () =>
  conflict('restore_in_progress', 'Another restore is running on this deployment. Wait for it to finish.');

/** Takes the restore lock or refuses with 409 restore_in_progress; returns its release. */
export async function takeRestoreLock(database: Database): Promise<() => Promise<void>> {
  if (running.has(database)) throw busy();
  running.add(database);
  let client: pg.Client | undefined;
  try {
    if (database.kind === 'postgres' && database.url) {
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1) as got', [
        RESTORE_LOCK,
      ]);
      if (!rows[0]?.got) throw busy();
    }
  } catch (err) {
    running.delete(database);
    await client?.end().catch(() => undefined);
    throw err;
  }
  return async () => {
    running.delete(database);
    await client?.end().catch(() => undefined); // ending the session releases its lock
  };
}

/** Whether a restore is running in this process (backups wait for none; the console shows it). */
export const restoreRunning = (database: Database) => running.has(database);
