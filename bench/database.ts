import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openEmbedded, openPostgres } from '../server/db/client.ts';
import { embeddedDbDir, prepareDatabase } from '../server/runtime.ts';

/**
 * A private database for one benchmark run: the embedded database in a temporary directory (on
 * disk, as the server runs it) by default, or a fresh database `vellum_bench_<random>` on the
 * PostgreSQL server of DATABASE_URL. Either is removed again by drop().
 */
export interface BenchDatabase {
  kind: 'embedded' | 'postgres';
  /** The PostgreSQL URL of the bench database, or a data directory (VELLUM_DATA_DIR) holding it. */
  location: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (!databaseUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-'));
    return {
      kind: 'embedded',
      location: dir,
      open: () => openEmbedded(embeddedDbDir(dir)),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `vellum_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(databaseUrl, `create database ${name}`);
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind: 'postgres',
    location: url,
    open: () => openPostgres(url, { poolSize: 10 }),
    drop: () => adminQuery(databaseUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fixed audit key; the signing key is made once in the temporary directory. */
export const BENCH_KEYS = {
  dataDir: path.join(os.tmpdir(), 'vellum-bench-keys'),
  evidence: { auditKey: 'be'.repeat(32), signingKey: undefined },
};

/** Opens the bench database and applies the migrations, as the server does at start-up. */
export async function openPrepared(bench: BenchDatabase): Promise<Database> {
  const database = await bench.open();
  await prepareDatabase(database, BENCH_KEYS);
  return database;
}
