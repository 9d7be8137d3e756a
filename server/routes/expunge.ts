import { errorSchema, idParams } from '../../shared/schemas/common.ts';
import { expungeQuery, expungeResult } from '../../shared/schemas/expunge.ts';
import { actorOf } from '../http/auth.ts';
import { expungeEntry } from '../services/expunge/expunge-entry.ts';
import { expungeImage } from '../services/expunge/expunge-image.ts';
import { expungePatient } from '../services/expunge/expunge-patient.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §6 "Expunge": super administrators only; afterwards every read answers 404.
const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

export function expungeRoutes(app: App, { ctx, storage }: Deps) {
  app.post(
    '/api/patients/:id/expunge',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        querystring: expungeQuery,
        response: { 200: expungeResult, ...errors },
      },
    },
    async (request) =>
      expungePatient(ctx, storage, actorOf(request), request.params.id, {
        everything: request.query.everything,
      }),
  );
  app.post(
    '/api/entries/:id/expunge',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: expungeResult, ...errors } } },
    async (request) => expungeEntry(ctx, storage, actorOf(request), request.params.id),
  );
  app.post(
    '/api/images/:id/expunge',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: expungeResult, ...errors } } },
    async (request) => expungeImage(ctx, storage, actorOf(request), request.params.id),
  );
}
