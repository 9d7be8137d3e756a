import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, serveProcess, stopProcess } from '../server/testing/processes.ts';
import type { BenchDatabase } from './database.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BenchServer extends ServerProcess {
  /** Stops the server gracefully (a CPU profile is written then) and removes what it made. */
  stop(): Promise<void>;
}

/**
 * `vellum serve` as `npm start` runs it (built first, its own process with its node options, its
 * local socket, schedulers and start-up ANALYZE) on the benchmark's database: the embedded one's data
 * directory, or the PostgreSQL database with a temporary data directory for its files.
 */
export async function startBenchServer(
  bench: BenchDatabase,
  nodeOptions: string[] = [],
): Promise<BenchServer> {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  const embedded = bench.kind === 'embedded';
  const dataDir = embedded ? bench.location : await mkdtemp(path.join(os.tmpdir(), 'vellum-bench-serve-'));
  const server = await serveProcess(
    {
      ...process.env,
      VELLUM_DATA_DIR: dataDir,
      DATABASE_URL: embedded ? '' : bench.location,
      LOG_LEVEL: 'error',
    },
    nodeOptions,
  );
  return {
    ...server,
    stop: async () => {
      await stopProcess(server.child);
      if (!embedded) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
