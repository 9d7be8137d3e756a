import { count } from 'drizzle-orm';
import { SERVE_NODE_OPTIONS } from '../bin/server-build.js';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { maintainEmbedded } from './db/maintenance.ts';
import { users } from './db/schema.ts';
import { startBackupSchedule, startCheckpointSchedule, startCleanupSchedule } from './jobs/scheduler.ts';
import { clockFor, openForServing } from './runtime.ts';
import { openEvidence } from './services/evidence/evidence.ts';
import { writeCheckpoint } from './services/evidence/write-checkpoint.ts';
import { currentSetupCode } from './services/setup.ts';
import { openStorage } from './storage/open-storage.ts';

/** `vellum serve`: opens the database, starts the HTTP server, stops cleanly on a signal. */
export async function serve(config: Config): Promise<void> {
  const opened = await openForServing(config);
  const clock = clockFor(config);
  const storage = await openStorage(config.storage);
  const evidence = openEvidence(config, storage);
  const app = await buildApp({ config, database: opened.database, clock, storage, evidence, logger: true });
  const schedule = startCleanupSchedule({
    database: opened.database,
    clock,
    storage,
    evidence,
    schedule: config.cleanupSchedule,
    log: (message) => app.log.info(message),
  });
  // A checkpoint at start, then hourly: what the chain was is kept outside the database.
  await writeCheckpoint({ db: opened.database.db, clock }, evidence);
  const checkpoints = startCheckpointSchedule({
    database: opened.database,
    clock,
    storage,
    evidence,
    log: (message) => app.log.info(message),
  });
  const backups = config.backup.time
    ? startBackupSchedule(
        {
          database: opened.database,
          clock,
          storage,
          evidence,
          backupKey: config.backupKey,
          log: (message) => app.log.info(message),
        },
        config.backup.time,
        config.backup.keep,
      )
    : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Received ${signal}; stopping.\n`);
    schedule.stop();
    checkpoints.stop();
    backups?.stop();
    await app.close().catch(() => undefined);
    await opened.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    schedule.stop();
    checkpoints.stop();
    backups?.stop();
    await opened.close().catch(() => undefined);
    throw err;
  }
  const missing = missingNodeOptions([...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]);
  if (missing.length) {
    app.log.warn(
      `started without the node options ${missing.join(' ')}; the server uses more memory without them (docs/DEPLOYMENT.md, "Node options")`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = opened.via === 'postgres' ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`;
  process.stdout.write(`Vellum is listening on http://${config.host}:${port} (${where}).\n`);
  // Statistics for the embedded planner; cheap, and the daily cleanup vacuums as well.
  await maintainEmbedded(opened.database, 'analyze').catch((err) =>
    app.log.warn(`ANALYZE after start-up failed: ${(err as Error).message}`),
  );
  const [row] = await opened.database.db.select({ n: count() }).from(users);
  if (!row?.n) {
    process.stdout.write(
      `No users yet. Open http://${config.host}:${port}/ and enter the setup code ${currentSetupCode()} ` +
        '(`vellum setup-code` prints it again) to create the first super administrator, or run:\n' +
        '  npx vellum users create --email you@example.org --password "<12+ chars, Aa1!>" --role super-admin\n',
    );
  }
}

/** SERVE_NODE_OPTIONS not among `given` (by name: an operator may choose other values). */
export function missingNodeOptions(given: string[]): string[] {
  const name = (option: string) => option.split('=')[0];
  return SERVE_NODE_OPTIONS.filter((o) => !given.some((g) => name(g) === name(o)));
}
