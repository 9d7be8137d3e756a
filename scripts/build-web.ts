// Builds the web app (web/dist) when it is missing or older than its sources, so that `npm start`
// serves the current app without a separate build step. `--force` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from '../bin/server-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = path.join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared'].map((p) => path.join(root, p));

const force = process.argv.includes('--force');
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (force || stale) {
  process.stdout.write('Building the web app (web/dist)…\n');
  const res = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(res.status ?? 1);
}
