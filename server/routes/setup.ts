import { errorSchema } from '../../shared/schemas/common.ts';
import { setupBody, setupResponse, setupStatus } from '../../shared/schemas/setup.ts';
import { completeSetup, setupStatus as readSetupStatus } from '../services/setup.ts';
import type { App, Deps } from './types.ts';

/** First run: public, since no one can sign in before the first super administrator exists. */
export function setupRoutes(app: App, { ctx, config }: Deps) {
  app.get('/api/setup', { schema: { tags: ['auth'], response: { 200: setupStatus } } }, async () =>
    readSetupStatus(ctx),
  );
  app.post(
    '/api/setup',
    {
      schema: {
        tags: ['auth'],
        body: setupBody,
        response: { 201: setupResponse, 403: errorSchema, 409: errorSchema, 422: errorSchema },
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      reply.status(201).send(await completeSetup(ctx, { ...request.body, ip: request.ip })),
  );
}
