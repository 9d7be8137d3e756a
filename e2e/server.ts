// Starts the real server (`vellum serve`) on a temporary embedded database for the browser tests.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVE_NODE_OPTIONS } from '../bin/server-build.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/vellum.js');
/** The servers' output of the last runs (git-ignored). */
const LOGS = path.join(ROOT, 'e2e/logs');

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the server but keeps its data (to start it again with another clock). */
  halt(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startServer(
  opts: { port?: number; dataDir?: string; fakeTime?: string } = {},
): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'vellum-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    VELLUM_DATA_DIR: dataDir,
    VELLUM_LOGIN_RATE_LIMIT: '10000',
    // Stored backups are always encrypted: the Manager takes none without a key.
    VELLUM_BACKUP_PASSPHRASE: 'e2e backup passphrase, not secret',
    ...(opts.fakeTime ? { VELLUM_FAKE_TIME: opts.fakeTime } : {}),
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [...SERVE_NODE_OPTIONS, BIN, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // Kept for a failed run: what the server said about a request the page showed as failed.
  mkdirSync(LOGS, { recursive: true });
  const logFile = createWriteStream(path.join(LOGS, `server-${port}-${Date.now()}.log`));
  child.stdout?.on('data', (d) => {
    log += d;
    logFile.write(d);
  });
  child.stderr?.on('data', (d) => {
    log += d;
    logFile.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  // A busy machine (other test runs on two cores) can take a minute to migrate and start.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const halt = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return {
    url,
    dataDir,
    halt,
    stop: async () => {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `vellum …` against the server's data dir (through its local socket while it runs). */
export function vellum(dataDir: string, args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, VELLUM_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return execFileSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
}
