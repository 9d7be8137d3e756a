import type { Db } from './client.ts';

/**
 * A statement on a hot path (every live edit, every audit event), written once as SQL text. On
 * PostgreSQL it is a named prepared statement: each connection parses and plans it once instead of
 * on every call, and no query builder runs per call. Measured on the live edit (PERFORMANCE.md),
 * planning and building cost more than executing these statements.
 *
 * Rows come back as the driver gives them with Drizzle's settings: column names as written in the
 * SQL, timestamps as text (see `dateOf`), JSON parsed. Parameters go as the driver takes them:
 * dates as ISO text and JSON as text, as Drizzle's columns would send them.
 */
export function namedStatement<Row = Record<string, unknown>>(name: string, text: string) {
  return async (db: Db, params: unknown[]): Promise<Row[]> => {
    const result = await db._.session
      .prepareQuery({ sql: text, params }, undefined, namesAllowed ? name : undefined, false)
      .execute();
    return (result as { rows: Row[] }).rows;
  };
}

let namesAllowed = true;

/**
 * For a command that reaches the embedded database through the serving process's local socket:
 * every connection there shares the engine's one session, so a name one command prepared would
 * still exist for the next ("prepared statement already exists").
 */
export function sendStatementsUnnamed(): void {
  namesAllowed = false;
}

/** A timestamp as a row of a named statement holds it (text), or null. */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(String(value));
}
