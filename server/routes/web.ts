import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App, Deps } from './types.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const WEB_PLACEHOLDER = fileURLToPath(new URL('../../web/public', import.meta.url));

/** Serves the web app's built files at / (the placeholder page until the app is built). */
export async function webRoutes(app: App, _deps: Deps) {
  const root = existsSync(WEB_DIST) ? WEB_DIST : WEB_PLACEHOLDER;
  if (!existsSync(root)) return;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
}
