import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import {
  tagBody,
  tagCategoryBody,
  tagCategoryPatch,
  tagCategorySchema,
  tagPatch,
  tagSchema,
} from '../../shared/schemas/tags.ts';
import { actorOf } from '../http/auth.ts';
import {
  createTag,
  createTagCategory,
  deleteTag,
  listTagCategories,
  listTags,
  updateTag,
  updateTagCategory,
} from '../services/tags.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

export function tagRoutes(app: App, { ctx }: Deps) {
  app.get(
    '/api/tag-categories',
    { schema: { tags: ['tags'], response: { 200: listOf(tagCategorySchema), ...errors } } },
    async (request) => listTagCategories(ctx, actorOf(request)),
  );
  app.post(
    '/api/tag-categories',
    { schema: { tags: ['tags'], body: tagCategoryBody, response: { 201: tagCategorySchema, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await createTagCategory(ctx, actorOf(request), request.body)),
  );
  app.patch(
    '/api/tag-categories/:id',
    {
      schema: {
        tags: ['tags'],
        params: idParams,
        body: tagCategoryPatch,
        response: { 200: tagCategorySchema, ...errors },
      },
    },
    async (request) => updateTagCategory(ctx, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/tags',
    { schema: { tags: ['tags'], response: { 200: listOf(tagSchema), ...errors } } },
    async (request) => listTags(ctx, actorOf(request)),
  );
  app.post(
    '/api/tags',
    { schema: { tags: ['tags'], body: tagBody, response: { 201: tagSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await createTag(ctx, actorOf(request), request.body)),
  );
  app.patch(
    '/api/tags/:id',
    { schema: { tags: ['tags'], params: idParams, body: tagPatch, response: { 200: tagSchema, ...errors } } },
    async (request) => updateTag(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/tags/:id', { schema: { tags: ['tags'], params: idParams } }, async (request, reply) => {
    await deleteTag(ctx, actorOf(request), request.params.id);
    return reply.status(204).send();
  });
}
