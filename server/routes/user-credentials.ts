import { z } from 'zod';
import { userCredentials } from '../../shared/schemas/auth.ts';
import { errorSchema, idParams, idSchema } from '../../shared/schemas/common.ts';
import { actorOf } from '../http/auth.ts';
import { listUserCredentials, revokeUserClient, revokeUserToken } from '../services/user-credentials.ts';
import type { App, Deps } from './types.ts';

// A user's personal tokens and OAuth clients, for its account admin or a super administrator.
const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };
const tokenParams = z.object({ id: idSchema, tokenId: idSchema });
const clientParams = z.object({ id: idSchema, clientId: idSchema });

export function userCredentialRoutes(app: App, { ctx }: Deps) {
  app.get(
    '/api/users/:id/credentials',
    { schema: { tags: ['admin'], params: idParams, response: { 200: userCredentials, ...errors } } },
    async (request) => listUserCredentials(ctx, actorOf(request), request.params.id),
  );
  app.delete(
    '/api/users/:id/credentials/tokens/:tokenId',
    { schema: { tags: ['admin'], params: tokenParams } },
    async (request, reply) => {
      await revokeUserToken(ctx, actorOf(request), request.params.id, request.params.tokenId);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/users/:id/credentials/clients/:clientId',
    { schema: { tags: ['admin'], params: clientParams } },
    async (request, reply) => {
      await revokeUserClient(ctx, actorOf(request), request.params.id, request.params.clientId);
      return reply.status(204).send();
    },
  );
}
