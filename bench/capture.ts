import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Database, Db } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';

/** One statement as Drizzle sends it to the driver: the SQL text and its driver-ready parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Runs fn against a Drizzle instance on the same connection(s) with a logger attached and returns
 * every statement it sent, in order: the SQL the service compiles to.
 */
export async function captureStatements(
  database: Database,
  fn: (db: Db) => Promise<unknown>,
): Promise<Statement[]> {
  const statements: Statement[] = [];
  const logger = { logQuery: (sql: string, params: unknown[]) => statements.push({ sql, params }) };
  let db: Db;
  if (database.pglite) db = drizzlePglite(database.pglite, { schema, logger }) as unknown as Db;
  else if (database.pool) db = drizzleNodePg(database.pool, { schema, logger }) as unknown as Db;
  else throw new Error('database without an engine');
  await fn(db);
  return statements;
}

/**
 * Splits the statements of one patient-list call into the rounds the service runs them in: first
 * the page and its total (concurrently), then the page's tags (concurrently), which are the
 * statements that read patient_tags or patient_effective_tags by patient id.
 */
export function rounds(statements: Statement[]): Statement[][] {
  const presenting = (s: Statement) =>
    /^select .* from "patient(_effective)?_tags" where "patient(_effective)?_tags"\."patient_id" in /s.test(
      s.sql,
    );
  const first = statements.filter((s) => !presenting(s));
  const second = statements.filter(presenting);
  return [first, second].filter((r) => r.length > 0);
}

/** Runs the captured rounds as plain SQL through database.raw, with the same concurrency. */
export async function replay(database: Database, plan: Statement[][]): Promise<void> {
  for (const round of plan) await Promise.all(round.map((s) => database.raw(s.sql, s.params)));
}
