// Compiles the server into plain JavaScript (dist/, git-ignored) when it is missing or older than
// its sources, so `vellum serve` starts without compiling TypeScript in the process: the
// in-process compiler costs about 80 MB of memory for as long as the server runs
// (docs/PERFORMANCE.md). bin/vellum.js runs the sources through tsx whenever dist/ is not current,
// so a forgotten build is slower to start, never wrong. `--force` always builds.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { builtServerIsCurrent, serverBuild } from '../bin/server-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--force') || !builtServerIsCurrent(root)) {
  process.stdout.write('Building the server (dist/)…\n');
  rmSync(serverBuild.outdir(root), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/cli/main.ts' },
    outdir: serverBuild.outdir(root),
    ...serverBuild.esbuildOptions,
  });
}
