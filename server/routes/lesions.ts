import { z } from 'zod';
import { imageSchema } from '../../shared/schemas/clinical.ts';
import { errorSchema, idParams, isoTime, listOf } from '../../shared/schemas/common.ts';
import { lesionChanges, lesionCreateBody, lesionSchema } from '../../shared/schemas/lesions.ts';
import { actorOf, etag, ifMatchVersion } from '../http/auth.ts';
import { changeLesion } from '../services/lesions/change-lesion.ts';
import { createLesion } from '../services/lesions/create-lesion.ts';
import { getLesion, lesionTimeline, listLesions } from '../services/lesions/read-lesions.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 422: errorSchema };

const timelineItem = z.object({
  image: imageSchema,
  takenAt: isoTime,
  entryId: z.string().nullable(),
  entryDate: isoTime.nullable(),
});

export function lesionRoutes(app: App, { ctx, live }: Deps) {
  app.post(
    '/api/patients/:id/lesions',
    {
      schema: {
        tags: ['lesions'],
        params: idParams,
        body: lesionCreateBody,
        response: { 201: lesionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const lesion = await createLesion(ctx, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', etag(lesion.version)).send(lesion);
    },
  );
  app.get(
    '/api/patients/:id/lesions',
    { schema: { tags: ['lesions'], params: idParams, response: { 200: listOf(lesionSchema), ...errors } } },
    async (request) => listLesions(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/lesions/:id',
    { schema: { tags: ['lesions'], params: idParams, response: { 200: lesionSchema, ...errors } } },
    async (request, reply) => {
      const lesion = await getLesion(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(lesion.version)).send(lesion);
    },
  );
  app.patch(
    '/api/lesions/:id',
    {
      schema: {
        tags: ['lesions'],
        params: idParams,
        body: lesionChanges,
        response: { 200: lesionSchema, 412: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const lesion = await changeLesion(ctx, actor, request.params.id, request.body, ifMatchVersion(request));
      // Live editors of the lesion see a change made over HTTP as they see each other's.
      await live.broadcastLesion(lesion, request.body, actor, actor.accountId ?? '');
      return reply.header('etag', etag(lesion.version)).send(lesion);
    },
  );
  app.get(
    '/api/lesions/:id/images',
    { schema: { tags: ['lesions'], params: idParams, response: { 200: listOf(timelineItem), ...errors } } },
    async (request) => lesionTimeline(ctx, actorOf(request), request.params.id),
  );
}
