import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** PostgreSQL clients find a server's socket as <dir>/.s.PGSQL.<port>. */
export const SOCKET_PORT = 5432;
export const socketDir = (dataDir: string) => path.join(dataDir, 'run');
export const socketPath = (dataDir: string) => path.join(socketDir(dataDir), `.s.PGSQL.${SOCKET_PORT}`);

/** A connection URL for pg and psql that reaches the serving process's embedded database. */
export const socketUrl = (dataDir: string) =>
  `postgres://vellum@localhost/postgres?host=${encodeURIComponent(socketDir(dataDir))}&port=${SOCKET_PORT}`;

/**
 * Shares the serving process's embedded database on a Unix socket inside the data dir, so the CLI
 * and psql work while the server runs. Only local users with access to the data dir can connect.
 */
export async function shareEmbedded(pglite: PGlite, dataDir: string) {
  const file = socketPath(dataDir);
  if (file.length > 100) {
    return undefined; // Unix socket paths are limited to ~107 bytes; the CLI then reports the server as busy.
  }
  mkdirSync(socketDir(dataDir), { recursive: true, mode: 0o700 });
  if (existsSync(file)) unlinkSync(file); // left by a crashed process; the data-dir lock proved it gone
  const server = new PGLiteSocketServer({ db: pglite, path: file, maxConnections: 8 });
  await server.start();
  return server;
}
