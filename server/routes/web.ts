import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../paths.ts';
import type { App, Deps } from './types.ts';

const WEB_DIST = paths.webDist;
const WEB_PLACEHOLDER = paths.webPlaceholder;

/** Serves the web app's built files at / (the placeholder page until the app is built). */
export async function webRoutes(app: App, _deps: Deps) {
  const root = existsSync(WEB_DIST) ? WEB_DIST : WEB_PLACEHOLDER;
  if (!existsSync(root)) return;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
}

// Paths the app's own router never owns: their unknown paths stay JSON 404s.
const NOT_WEB = /^\/(api|fhir|oauth2)(\/|$)/;

/**
 * Deep links into the web app (/patients/123) have no file: answer them with index.html so the
 * app's router takes over. Paths with a file extension are missing files, not pages.
 */
export async function webAppFallback(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0] ?? '';
  if (NOT_WEB.test(pathname) || path.extname(pathname) !== '') return false;
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  await reply
    .status(200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(await readFile(index));
  return true;
}
