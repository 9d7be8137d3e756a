import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVE_NODE_OPTIONS } from '../../bin/server-build.js';

// The real `vellum` command in child processes, for tests that need whole servers (several
// instances, restarts, kills) rather than an app inside the test process. The one way tests
// start `vellum serve`.
export const BIN = fileURLToPath(new URL('../../bin/vellum.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
}

/**
 * Starts `vellum serve` on a free port, with its node options and any `nodeOptions` (such as a
 * profiler's), and resolves once it listens.
 */
export function serveProcess(env: NodeJS.ProcessEnv, nodeOptions: string[] = []): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVE_NODE_OPTIONS, ...nodeOptions, BIN, 'serve'], {
      env: { ...env, PORT: '0' },
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

/** Stops a server with SIGTERM (or another signal: SIGKILL is a crash) and resolves once it has exited. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** Runs one `vellum` command to completion. */
export function vellumCommand(env: NodeJS.ProcessEnv, ...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
