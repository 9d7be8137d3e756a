import { z } from 'zod';
import type { App, Deps } from './types.ts';

const readiness = z.object({ status: z.string(), database: z.string() });

export function healthRoutes(app: App, { database }: Deps) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: readiness, 503: readiness } } },
    async (_request, reply) => {
      try {
        await database.raw('select 1');
        return { status: 'ok', database: database.kind };
      } catch {
        return reply.status(503).send({ status: 'unavailable', database: database.kind });
      }
    },
  );
}
