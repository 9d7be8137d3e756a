#!/usr/bin/env -S node --max-semi-space-size=2 --v8-pool-size=1
// The `vellum` command. It runs the built server (dist/, made by `npm start` or
// `npm run build:server`) when that matches the sources, and the TypeScript sources through tsx
// otherwise, so there is no build step to forget. The node options on the first line are
// SERVE_NODE_OPTIONS (server-build.js).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtServerIsCurrent, serverBuild } from './server-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.env.VELLUM_FROM_SOURCE !== '1' && builtServerIsCurrent(root)) {
  await import(pathToFileURL(serverBuild.entry(root)).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
