import path from 'node:path';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { type Clock, FakeClock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type Database, migrateDatabase, openEmbedded, openPostgres } from './db/client.ts';
import { DataDirLock } from './db/data-dir-lock.ts';
import { shareEmbedded, socketUrl } from './db/embedded-socket.ts';
import { keepDataDirPrivate } from './db/private-files.ts';
import { settings } from './db/schema.ts';
import { adoptDeploymentKeys, loadDeploymentKeys } from './services/evidence/deployment-keys.ts';
import { keyTheChain } from './services/evidence/key-chain.ts';

export const clockFor = (config: Config): Clock =>
  config.fakeTime ? new FakeClock(config.fakeTime) : systemClock;

export const embeddedDbDir = (dataDir: string) => path.join(dataDir, 'db');

/**
 * Migrates, makes sure the single settings row exists, loads the deployment's audit key (from the
 * environment or the data dir) and keys the chain on the first start with a key.
 */
export async function prepareDatabase(
  database: Database,
  keysFrom: Pick<Config, 'dataDir' | 'evidence'>,
  clock: Clock = systemClock,
): Promise<void> {
  await migrateDatabase(database);
  await database.db.insert(settings).values({ id: 1 }).onConflictDoNothing();
  adoptDeploymentKeys(loadDeploymentKeys(keysFrom));
  await keyTheChain(database.db, clock);
}

export interface OpenedDatabase {
  database: Database;
  /** How the database was reached, for messages. */
  via: 'postgres' | 'embedded' | 'embedded-socket';
  close(): Promise<void>;
}

/** The serving process: owns the embedded data dir and shares it on a local socket. */
export async function openForServing(config: Config): Promise<OpenedDatabase> {
  keepDataDirPrivate(config.dataDir);
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl);
    await prepareDatabase(database, config, clockFor(config));
    return { database, via: 'postgres', close: () => database.close() };
  }
  const lock = DataDirLock.acquire(config.dataDir);
  let database: Database | undefined;
  let socket: PGLiteSocketServer | undefined;
  try {
    database = await openEmbedded(embeddedDbDir(config.dataDir), { cacheMb: config.embeddedCacheMb });
    await prepareDatabase(database, config, clockFor(config));
    // The engine writes its files 0666 whatever the umask: tightened once open (the folder is 0700).
    keepDataDirPrivate(config.dataDir);
    if (database.pglite) socket = await shareEmbedded(database.pglite, config.dataDir);
  } catch (err) {
    await database?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
  const opened = database;
  return {
    database: opened,
    via: 'embedded',
    close: async () => {
      await socket?.stop().catch(() => undefined);
      await opened.close();
      lock.release();
    },
  };
}

/**
 * A command-line process: PostgreSQL directly; the embedded database through the serving process's
 * socket when a server runs, or opened (and locked) by the command itself when none does.
 */
export async function openForCommand(config: Config): Promise<OpenedDatabase> {
  if (!config.databaseUrl && DataDirLock.holder(config.dataDir) !== undefined) {
    const database = await openPostgres(socketUrl(config.dataDir), { poolSize: 1 });
    try {
      await database.raw('select 1');
      // The server keyed the chain already; this process appends under the same key.
      adoptDeploymentKeys(loadDeploymentKeys(config));
    } catch (err) {
      await database.close().catch(() => undefined);
      throw new Error(
        `A Vellum server holds ${config.dataDir} but its local socket did not answer (${(err as Error).message}).`,
      );
    }
    return { database, via: 'embedded-socket', close: () => database.close() };
  }
  const opened = await openForServingWithoutSocket(config);
  return opened;
}

async function openForServingWithoutSocket(config: Config): Promise<OpenedDatabase> {
  if (config.databaseUrl) return openForServing(config);
  keepDataDirPrivate(config.dataDir);
  const lock = DataDirLock.acquire(config.dataDir);
  try {
    const database = await openEmbedded(embeddedDbDir(config.dataDir), { cacheMb: config.embeddedCacheMb });
    await prepareDatabase(database, config, clockFor(config));
    // The engine writes its files 0666 whatever the umask: tightened once open (the folder is 0700).
    keepDataDirPrivate(config.dataDir);
    return {
      database,
      via: 'embedded',
      close: async () => {
        await database.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
