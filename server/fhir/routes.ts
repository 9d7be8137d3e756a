import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** A token of the Prefer header, e.g. `handling` of `Prefer: handling=lenient`. */
export function preference(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.prefer;
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k?.toLowerCase() === name) return v?.toLowerCase();
  }
  return undefined;
}

type Req = FastifyRequest<{ Params: { type: string; id: string; vid: string }; Querystring: unknown }>;

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const hidden = { schema: { hide: true } };

/** A resource with its version headers (ETag, Last-Modified). */
function sendResource(
  reply: FastifyReply,
  resource: { meta?: { versionId?: string; lastUpdated?: string } },
) {
  if (resource.meta?.versionId) reply.header('etag', etag(Number(resource.meta.versionId)));
  const updated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : undefined;
  if (updated && !Number.isNaN(updated.getTime())) reply.header('last-modified', updated.toUTCString());
  return reply.send(resource);
}

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
    const created = await interaction(h, 'create', 'create')(c, request.body);
    reply
      .status(201)
      .header('location', `${c.base}/${h.type}/${created.id}/_history/${created.meta?.versionId}`);
    return sendResource(reply, created);
  });

  app.put('/:type/:id', hidden, async (request: Req, reply) => {
    const h = handlerOf(request.params.type);
    const body = request.body as { id?: string } | undefined;
    if (body?.id !== undefined && body.id !== request.params.id) {
      throw badRequest('The resource id must be the id in the URL.');
    }
    const update = interaction(h, 'update', 'update');
    return sendResource(reply, await update(call(request), request.params.id, body, ifMatchVersion(request)));
  });

  app.delete('/:type/:id', hidden, async (request: Req) => {
    const h = handlerOf(request.params.type);
    return allOk(await interaction(h, 'remove', 'delete')(call(request), request.params.id));
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
