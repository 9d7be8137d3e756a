import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * A statement on a hot path (every live edit, every audit event), written once as SQL text with
 * `$n` placeholders and split at them once, so no query builder runs per call. It runs through
 * Drizzle's public `execute`, as an unnamed statement on both engines.
 *
 * Rows come back as the driver gives them with Drizzle's settings: column names as written in the
 * SQL, timestamps as text (see `dateOf`), JSON parsed. Parameters go as the driver takes them:
 * dates as ISO text and JSON as text, as Drizzle's columns would send them.
 */
export function textStatement<Row = Record<string, unknown>>(text: string) {
  // Even indexes: SQL text; odd: the number of the parameter that goes there.
  const parts = text.split(/\$(\d+)/);
  return async (db: Db, params: unknown[]): Promise<Row[]> => {
    const chunks: SQL[] = parts.map((part, i) =>
      i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`,
    );
    const result = await db.execute(sql.join(chunks));
    return (result as unknown as { rows: Row[] }).rows;
  };
}

/** A timestamp as a row of a text statement holds it (text), or null. */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(String(value));
}
