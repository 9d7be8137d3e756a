import { errorSchema, idParams } from '../../shared/schemas/common.ts';
import { expungeResult } from '../../shared/schemas/expunge.ts';
import { lesionDeletionBody, lesionDeletionResult } from '../../shared/schemas/lesion-lifecycle.ts';
import { lesionSchema } from '../../shared/schemas/lesions.ts';
import { actorOf, etag } from '../http/auth.ts';
import { expungeLesion } from '../services/expunge/expunge-lesion.ts';
import { deleteLesion } from '../services/lifecycle/delete-lesion.ts';
import { restoreLesion } from '../services/lifecycle/restore-lesion.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §6 for lesions: deleted, recovered and expunged as entries are.
const errors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  410: errorSchema,
  422: errorSchema,
};

export function lesionLifecycleRoutes(app: App, { ctx, storage }: Deps) {
  app.delete(
    '/api/lesions/:id',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: lesionDeletionBody,
        response: { 200: lesionDeletionResult, ...errors },
      },
    },
    async (request) =>
      deleteLesion(ctx, storage, actorOf(request), request.params.id, request.body ?? undefined),
  );
  app.post(
    '/api/lesions/:id/restore',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: lesionSchema, ...errors } } },
    async (request, reply) => {
      const lesion = await restoreLesion(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(lesion.version)).send(lesion);
    },
  );
  app.post(
    '/api/lesions/:id/expunge',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: expungeResult, ...errors } } },
    async (request) => expungeLesion(ctx, storage, actorOf(request), request.params.id),
  );
}
