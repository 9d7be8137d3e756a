import { loadConfig } from '../config.ts';
import { clockFor, type OpenedDatabase, openForCommand } from '../runtime.ts';
import type { Ctx } from '../services/context.ts';

/** Runs one command against the database, closing it whatever happens. */
export async function withDatabase<T>(run: (ctx: Ctx, opened: OpenedDatabase) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = await openForCommand(config);
  try {
    return await run({ db: opened.database.db, clock: clockFor(config) }, opened);
  } finally {
    await opened.close();
  }
}
