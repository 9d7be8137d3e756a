import type { Database } from './client.ts';

/**
 * The embedded database runs PostgreSQL in single-user mode, where autovacuum never runs: without
 * this its planner has no statistics and index-only scans keep visiting the table (PERFORMANCE.md,
 * "Caveats"). A PostgreSQL server looks after itself, so there this does nothing.
 */
export async function maintainEmbedded(database: Database, mode: 'analyze' | 'vacuum'): Promise<boolean> {
  if (database.kind !== 'embedded') return false;
  await database.raw(mode === 'vacuum' ? 'vacuum (analyze)' : 'analyze');
  return true;
}
