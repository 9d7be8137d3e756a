import { z } from 'zod';
import type { App, Deps } from './types.ts';

const readiness = z.object({ status: z.string(), database: z.string(), storage: z.string() });

export function healthRoutes(app: App, { database, storage }: Deps) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: readiness, 503: readiness } } },
    async (_request, reply) => {
      const [db, files] = await Promise.all([
        database.raw('select 1').then(
          () => 'ok',
          () => 'unreachable',
        ),
        storage.check().then(
          () => 'ok',
          () => 'unwritable',
        ),
      ]);
      const ready = db === 'ok' && files === 'ok';
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', database: db, storage: files });
    },
  );
}
