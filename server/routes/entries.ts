import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { entryChanges, entryCreateBody, entrySchema } from '../../shared/schemas/entries.ts';
import { historyResponse, historyVersionSchema, versionParams } from '../../shared/schemas/patients.ts';
import { actorOf, etag, ifMatchVersion } from '../http/auth.ts';
import { entryHistory, entryVersion } from '../services/entries/entry-history.ts';
import { createEntry, getEntry, listEntries, updateEntry } from '../services/entries/entry-use-cases.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 422: errorSchema };

export function entryRoutes(app: App, { ctx, live }: Deps) {
  app.post(
    '/api/patients/:id/entries',
    {
      schema: {
        tags: ['entries'],
        params: idParams,
        body: entryCreateBody,
        response: { 201: entrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const entry = await createEntry(ctx, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', etag(entry.version)).send(entry);
    },
  );
  app.get(
    '/api/patients/:id/entries',
    { schema: { tags: ['entries'], params: idParams, response: { 200: listOf(entrySchema), ...errors } } },
    async (request) => listEntries(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/entries/:id',
    { schema: { tags: ['entries'], params: idParams, response: { 200: entrySchema, ...errors } } },
    async (request, reply) => {
      const entry = await getEntry(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(entry.version)).send(entry);
    },
  );
  app.patch(
    '/api/entries/:id',
    {
      schema: {
        tags: ['entries'],
        params: idParams,
        body: entryChanges,
        response: { 200: entrySchema, 412: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const entry = await updateEntry(ctx, actor, request.params.id, request.body, ifMatchVersion(request));
      // Open editors see REST changes too.
      await live.broadcast(entry, request.body, actor, actor.accountId ?? '');
      return reply.header('etag', etag(entry.version)).send(entry);
    },
  );
  app.get(
    '/api/entries/:id/history',
    { schema: { tags: ['entries'], params: idParams, response: { 200: historyResponse, ...errors } } },
    async (request) => entryHistory(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/entries/:id/history/:version',
    {
      schema: {
        tags: ['entries'],
        params: versionParams,
        response: { 200: historyVersionSchema, ...errors },
      },
    },
    async (request) => entryVersion(ctx, actorOf(request), request.params.id, request.params.version),
  );
}
