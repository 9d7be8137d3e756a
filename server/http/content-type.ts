import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * The API reads JSON, and multipart only where a route says it consumes it. Any other body is
 * refused with 415 before it is parsed, also on routes that read no body at all: Fastify would
 * otherwise accept text/plain and multipart bodies there and run the route.
 */
export function installContentTypeCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.url?.startsWith('/api/') || !hasBody(request)) return;
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? [
      'application/json',
    ];
    if (!consumes.includes(type)) {
      throw new AppError(415, 'unsupported_media_type', `Send the body as ${consumes.join(' or ')}.`);
    }
  });
}

/** Whether the request announces a body (a length above zero, or chunks). */
export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
