import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { actorOf, etag, ifMatchVersion } from '../http/auth.ts';
import type { Deps } from '../routes/types.ts';
import { historyBundle, searchBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { expunge } from './expunge.ts';
import { allOk, badRequest, methodNotAllowed } from './outcome.ts';
import { paramsOf } from './params.ts';
import { HANDLERS, handlerOf, interaction } from './resources.ts';
import { INCLUDES } from './search/includes.ts';
import { parseSearch } from './search/parse.ts';
import { Call, type Params } from './types.ts';
import { conditionalMatches, patchedResource, preference, sendResource, sendWritten } from './writes.ts';

type Req = FastifyRequest<{ Params: { type: string; id: string; vid: string }; Querystring: unknown }>;

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const hidden = { schema: { hide: true } };

/** The interactions of FHIR's RESTful API over the resource handlers; paths are under /fhir/R4. */
export function fhirRoutes(app: FastifyInstance, deps: Deps) {
  const call = (request: FastifyRequest) => new Call(deps, actorOf(request), origin(request));

  app.get('/metadata', hidden, async (request) =>
    capabilityStatement(HANDLERS, origin(request), deps.ctx.clock.now()),
  );

  const search = async (request: Req, query: Params) => {
    const h = handlerOf(request.params.type);
    const c = call(request);
    const offer = { type: h.type, params: h.search.params, ...INCLUDES[h.type] };
    const parsed = parseSearch(offer, query, preference(request, 'handling') === 'lenient');
    return searchBundle(c, h.type, parsed, await h.search.run(c, parsed));
  };

  app.get('/:type', hidden, async (request: Req) => search(request, paramsOf(request.query)));

  // The same search with its parameters in a form body (and the query string), as FHIR allows.
  app.post('/:type/_search', hidden, async (request: Req) => {
    const query = paramsOf(request.query);
    for (const [k, v] of Object.entries(paramsOf(request.body ?? {}))) query[k] = [...(query[k] ?? []), ...v];
    return search(request, query);
  });

  app.get('/:type/:id', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    return sendResource(reply, await h.read(call(request), request.params.id));
  });

  app.get('/:type/:id/_history', hidden, async (request: Req) => {
    const h = handlerOf(request.params.type);
    const c = call(request);
    const items = await interaction(h, 'history', 'history')(c, request.params.id);
    return historyBundle(c, h.type, request.params.id, items);
  });

  app.get('/:type/:id/_history/:vid', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const version = Number(request.params.vid);
    if (!Number.isInteger(version) || version < 1 || version > 1_000_000)
      throw badRequest('Not a version id.');
    const item = await interaction(h, 'version', 'vread')(call(request), request.params.id, version);
    if (!item.resource) {
      reply.status(410).header('etag', etag(item.version));
      throw goneVersion(item.version, item.changedAt);
    }
    return sendResource(reply, item.resource);
  });

  app.post('/:type', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const c = call(request);
    const create = interaction(h, 'create', 'create');
    const condition = request.headers['if-none-exist'];
    if (typeof condition === 'string') {
      const [existing] = await conditionalMatches(c, h, condition);
      if (existing) return sendWritten(request, reply, existing, 'exists');
    }
    const created = await create(c, request.body);
    reply
      .status(201)
      .header('location', `${c.base}/${h.type}/${created.id}/_history/${created.meta?.versionId}`);
    return sendWritten(request, reply, created, 'created');
  });

  // Conditional update: the search names the resource; none creates it, several answer 412.
  app.put('/:type', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const c = call(request);
    const update = interaction(h, 'update', 'update');
    const query = new URLSearchParams(request.url.split('?')[1] ?? '').toString();
    const [existing] = await conditionalMatches(c, h, query);
    const body = request.body as { id?: string } | undefined;
    if (!existing) {
      if (body?.id !== undefined) throw badRequest('No resource matches: send the new resource without id.');
      const created = await interaction(h, 'create', 'create')(c, body);
      reply
        .status(201)
        .header('location', `${c.base}/${h.type}/${created.id}/_history/${created.meta?.versionId}`);
      return sendWritten(request, reply, created, 'created');
    }
    if (body?.id !== undefined && body.id !== existing.id) {
      throw badRequest('The resource id must be the id of the resource the search matches.');
    }
    const updated = await update(
      c,
      existing.id as string,
      { ...body, id: existing.id },
      ifMatchVersion(request),
    );
    return sendWritten(request, reply, updated, 'updated');
  });

  app.put('/:type/:id', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const body = request.body as { id?: string } | undefined;
    const update = interaction(h, 'update', 'update');
    if (body?.id !== request.params.id) {
      throw badRequest('The resource must carry its id, the id in the URL.');
    }
    const updated = await update(call(request), request.params.id, body, ifMatchVersion(request));
    return sendWritten(request, reply, updated, 'updated');
  });

  // PATCH with a JSON Patch (RFC 6902) over the resource as read; If-Match names the version patched.
  app.patch('/:type/:id', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const c = call(request);
    const update = interaction(h, 'update', 'patch');
    const current = await h.read(c, request.params.id);
    const patched = patchedResource(current, request.body);
    const ifMatch = ifMatchVersion(request) ?? Number(current.meta?.versionId);
    const updated = await update(c, request.params.id, patched, ifMatch);
    return sendWritten(request, reply, updated, 'patched');
  });

  app.delete('/:type/:id', hidden, async (request: Req) => {
    const h = handlerOf(request.params.type);
    const remove = interaction(h, 'remove', 'delete');
    try {
      return allOk(await remove(call(request), request.params.id));
    } catch (err) {
      // Deleting what is already deleted succeeds: the resource is deleted, as asked.
      if (err instanceof AppError && err.status === 410)
        return allOk(`${h.type}/${request.params.id} is already deleted.`);
      throw err;
    }
  });

  app.post('/:type/:id/$expunge', hidden, async (request: Req) => {
    const h = handlerOf(request.params.type);
    const everything = paramsOf(request.query).everything?.[0] === 'true';
    if (!h.expunge) throw methodNotAllowed(`${h.type} does not support $expunge.`);
    if (everything && h.type !== 'Patient') throw badRequest('everything=true applies to a Patient only.');
    return allOk(await expunge(call(request), h.type, request.params.id, everything));
  });
}

/** vread of a version that is a deletion: 410, as reading a deleted resource is. */
const goneVersion = (version: number, at: string) =>
  new AppError(410, 'deleted', `Version ${version} is the deletion of this resource.`, { deletedAt: at });
