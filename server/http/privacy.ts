import type { FastifyInstance } from 'fastify';

/**
 * Patient data stays out of logs and caches: API and FHIR answers are `no-store` unless their
 * route chose otherwise (image files revalidate by ETag), and each request is logged by its route
 * pattern, never its URL (query strings carry names and birth dates) nor its body.
 */
export function installPrivacy(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.url;
    if ((url.startsWith('/api/') || url.startsWith('/fhir/')) && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}

/** A strong validator for stored files, which never change once written: the same bytes, the same tag. */
export const fileEtag = (id: string, variant: string) => `"${id}-${variant}"`;

/** True when the browser's cached copy (If-None-Match) is still the one this tag names. */
export function stillFresh(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);
}
