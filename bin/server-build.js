// Where the built server lives and whether it matches the sources; shared by bin/vellum.js and
// scripts/build-server.ts. Plain JavaScript: it runs before anything can compile TypeScript.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['server', 'shared'];

/**
 * The node options `vellum serve` runs with, for memory (docs/PERFORMANCE.md, server RSS): V8's
 * young generation at 2 MB a half instead of 16, and one background thread for its compilers and
 * garbage collector instead of four (each such thread keeps its own malloc arena after a large
 * compile). bin/vellum.js's first line, package.json's start script and the Dockerfile carry the
 * same; a test checks that they agree.
 */
export const SERVE_NODE_OPTIONS = ['--max-semi-space-size=2', '--v8-pool-size=1'];

export const serverBuild = {
  outdir: (root) => path.join(root, 'dist'),
  entry: (root) => path.join(root, 'dist', 'main.js'),
  /** esbuild options for compiling server code as `npm start` runs it (also used by the benchmarks). */
  esbuildOptions: {
    bundle: true,
    // Chunks sit beside the entry, one folder below the root, as server/paths.ts expects.
    splitting: true,
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  },
};

/** The latest modification time of a file or anything in a folder (0 when it does not exist). */
export function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

/** True when dist/main.js exists and no server or shared source changed after it was built. */
export function builtServerIsCurrent(root) {
  const entry = serverBuild.entry(root);
  if (!existsSync(entry)) return false;
  const built = statSync(entry).mtimeMs;
  return SOURCES.every((dir) => newest(path.join(root, dir)) <= built);
}
