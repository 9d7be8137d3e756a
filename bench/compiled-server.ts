import { type ChildProcess, type ForkOptions, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SERVE_NODE_OPTIONS, serverBuild } from '../bin/server-build.js';

/**
 * Forks bench/server-process.ts compiled to JavaScript exactly as `npm start` compiles the server
 * (scripts/build-server.ts), without tsx in the child: the server's speed and memory are measured
 * as a practice runs it. The compiled file goes to dist-bench/ (git-ignored), one folder below the
 * root like dist/, so the server finds its migrations and web files.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist-bench');
let compiled: Promise<string> | undefined;

function compile(): Promise<string> {
  compiled ??= build({
    absWorkingDir: root,
    entryPoints: { 'server-process': 'bench/server-process.ts' },
    outdir,
    ...serverBuild.esbuildOptions,
  }).then(() => path.join(outdir, 'server-process.js'));
  return compiled;
}

/** Node's flags for the child: the server's own (SERVE_NODE_OPTIONS), then `options.execArgv` (never tsx's loader). */
export async function forkServerProcess(args: string[], options: ForkOptions): Promise<ChildProcess> {
  return fork(await compile(), args, {
    ...options,
    execArgv: [...SERVE_NODE_OPTIONS, ...(options.execArgv ?? [])],
  });
}
