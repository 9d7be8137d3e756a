import {
  apiTokenSchema,
  totpCodeBody,
  totpDisableBody,
  totpSetupResponse,
  totpStatus,
} from '../../shared/schemas/auth.ts';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { actorOf } from '../http/auth.ts';
import { listApiTokens, revokeApiToken } from '../services/api-tokens.ts';
import { disableTotp, enableTotp, totpStatus as readTotpStatus, setupTotp } from '../services/totp.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

/** The signed-in user's own second factor and personal API tokens. */
export function mySecurityRoutes(app: App, { ctx, config }: Deps) {
  // Codes and passwords are guessed here too: the same limit as the sign-in.
  const limited = { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } };
  app.get(
    '/api/auth/totp',
    { schema: { tags: ['auth'], response: { 200: totpStatus, ...errors } } },
    async (request) => readTotpStatus(ctx, actorOf(request)),
  );
  app.post(
    '/api/auth/totp/setup',
    { schema: { tags: ['auth'], response: { 200: totpSetupResponse, ...errors } } },
    async (request) => setupTotp(ctx, actorOf(request)),
  );
  app.post(
    '/api/auth/totp/enable',
    {
      schema: { tags: ['auth'], body: totpCodeBody, response: { 200: totpStatus, ...errors } },
      config: limited,
    },
    async (request) => enableTotp(ctx, actorOf(request), request.body.code),
  );
  app.post(
    '/api/auth/totp/disable',
    {
      schema: { tags: ['auth'], body: totpDisableBody, response: { 200: totpStatus, ...errors } },
      config: limited,
    },
    async (request) => disableTotp(ctx, actorOf(request), request.body),
  );

  app.get(
    '/api/auth/tokens',
    { schema: { tags: ['auth'], response: { 200: listOf(apiTokenSchema), ...errors } } },
    async (request) => listApiTokens(ctx, actorOf(request)),
  );
  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags: ['auth'], params: idParams } },
    async (request, reply) => {
      await revokeApiToken(ctx, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
