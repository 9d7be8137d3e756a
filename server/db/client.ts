import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { type PgDatabase, type PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { paths } from '../paths.ts';
import { EMBEDDED_CACHE_MB } from './embedded-cache.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database or a transaction: services accept either, so they compose inside one transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** The embedded engine, when kind is embedded (shared with the CLI over a local socket). */
  pglite?: PGlite;
  /** The connection pool, when kind is postgres. */
  pool?: pg.Pool;
  /** The connection URL, when kind is postgres (the live-editing listener opens its own connection). */
  url?: string;
  /** Runs SQL text as is; used by the CLI shell and the benchmarks. */
  raw(sqlText: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const migrationsFolder = paths.migrations;
// Several instances may start at once against one PostgreSQL server: only one migrates at a time.
const MIGRATION_LOCK = 7_411_001;

export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pool,
    url,
    raw: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    close: () => pool.end(),
  };
}

/** Opens the embedded database; dataDir undefined means in memory (tests). */
export async function openEmbedded(
  dataDir: string | undefined,
  { cacheMb = EMBEDDED_CACHE_MB }: { cacheMb?: number } = {},
): Promise<Database> {
  // PGlite's own default (128 MB) holds a small practice's whole database in the process's memory
  // twice over: the files are in the operating system's page cache anyway (docs/PERFORMANCE.md).
  // One backend serves every query, so shared memory sized for 100 connections is 5 MB of nothing.
  // WebAssembly memory never shrinks: what ANALYZE and VACUUM touch once stays in the process, so
  // they sample 9,000 rows a table (not 30,000) and VACUUM keeps at most 16 MB of dead rows' ids.
  const settings = {
    shared_buffers: `${cacheMb}MB`,
    max_connections: '4',
    default_statistics_target: '30',
    maintenance_work_mem: '16MB',
  };
  const startParams = [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const pglite = await PGlite.create(dataDir ? { dataDir, startParams } : { startParams });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'embedded',
    pglite,
    raw: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params)).rows,
    close: () => pglite.close(),
  };
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'embedded') {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePglite(database.db as any, { migrationsFolder });
    return;
  }
  if (!database.pool) throw new Error('postgres database without a pool');
  // A session-level lock needs one connection for the whole migration.
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * Runs independent queries together on the pool, but one after another inside a transaction: a
 * transaction holds one connection, which runs one statement at a time (and node-postgres
 * deprecates queuing a second query on a busy client).
 */
export async function together<T extends unknown[] | []>(
  db: Db,
  queries: { [K in keyof T]: () => PromiseLike<T[K]> },
): Promise<T> {
  const list = queries as unknown as (() => PromiseLike<unknown>)[];
  if (!(db instanceof PgTransaction)) return (await Promise.all(list.map((q) => q()))) as T;
  const out: unknown[] = [];
  for (const q of list) out.push(await q());
  return out as T;
}
