import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

const FHIR_BASE = '/fhir/R4';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, If-Match, If-None-Exist, If-None-Match, Prefer';
const EXPOSED_HEADERS = 'Location, ETag, Last-Modified, Content-Location, WWW-Authenticate';

/**
 * CORS for the FHIR base, for the web origins in VELLUM_FHIR_CORS_ORIGINS only (SMART apps in a
 * browser); preflights are answered here, before sign-in. The rest of the server sends no CORS
 * headers: the web app is same-origin.
 */
export function installFhirCors(app: FastifyInstance, config: Pick<Config, 'fhirCorsOrigins'>) {
  const allowed = new Set(config.fhirCorsOrigins);
  if (allowed.size === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path !== FHIR_BASE && !path.startsWith(`${FHIR_BASE}/`)) return;
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (!origin || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
