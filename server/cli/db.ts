import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openEmbedded } from '../db/client.ts';
import { DataDirLock } from '../db/data-dir-lock.ts';
import { shareEmbedded, socketUrl } from '../db/embedded-socket.ts';
import { clockFor, embeddedDbDir, openForCommand, prepareDatabase } from '../runtime.ts';

export function registerDbCommands(program: Command) {
  program
    .command('migrate')
    .description('apply database migrations (the server also does this at start-up)')
    .action(async () => {
      const config = loadConfig();
      const opened = await openForCommand(config);
      try {
        await prepareDatabase(opened.database, config, clockFor(config));
        process.stdout.write('The database schema is up to date.\n');
      } finally {
        await opened.close();
      }
    });

  const db = program.command('db').description('the database');
  db.command('shell')
    .description('open psql on the database (the embedded one through its local socket)')
    .action(async () => {
      const config = loadConfig();
      if (config.databaseUrl) return runPsql(config.databaseUrl);
      if (DataDirLock.holder(config.dataDir) !== undefined) return runPsql(socketUrl(config.dataDir));
      // No server runs: open the embedded database here and share it for the length of the shell.
      const lock = DataDirLock.acquire(config.dataDir);
      const database = await openEmbedded(embeddedDbDir(config.dataDir), { cacheMb: config.embeddedCacheMb });
      try {
        await prepareDatabase(database, config, clockFor(config));
        const server = database.pglite ? await shareEmbedded(database.pglite, config.dataDir) : undefined;
        if (!server) throw new Error('The data dir path is too long for a local socket.');
        try {
          await runPsql(socketUrl(config.dataDir));
        } finally {
          await server.stop();
        }
      } finally {
        await database.close();
        lock.release();
      }
    });
}

function runPsql(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url], { stdio: 'inherit' });
    child.on('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('psql is not installed (Debian: apt-get install postgresql-client).')
          : err,
      ),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with code ${code}`))));
  });
}
