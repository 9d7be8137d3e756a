import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../http/auth.ts';
import type { Deps } from '../routes/types.ts';
import { binaryContent } from './binary.ts';
import { capabilityStatement } from './capability.ts';
import { expunge } from './expunge.ts';
import { runBatch } from './interactions/batch.ts';
import { createResource } from './interactions/create.ts';
import { deleteResource } from './interactions/delete.ts';
import { bundleEntries } from './interactions/entries.ts';
import { instanceHistory, typeHistory } from './interactions/history.ts';
import { patchResource } from './interactions/patch.ts';
import { readResource } from './interactions/read.ts';
import type { FhirAnswer, FhirRequest } from './interactions/request.ts';
import { searchType } from './interactions/search.ts';
import { runTransaction } from './interactions/transaction.ts';
import { conditionalUpdate, updateResource } from './interactions/update.ts';
import { readVersion } from './interactions/vread.ts';
import { allOk, badRequest, methodNotAllowed } from './outcome.ts';
import { paramsOf } from './params.ts';
import { HANDLERS } from './resources.ts';
import { requireScope, scopedHandler } from './scopes.ts';
import { smartConfiguration } from './smart-configuration.ts';
import { Call, type Params } from './types.ts';

type Req = FastifyRequest<{ Params: { type: string; id?: string; vid?: string }; Querystring: unknown }>;
type Operation = (call: Call, req: FhirRequest) => Promise<FhirAnswer>;

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const hidden = { schema: { hide: true } };
const header = (request: FastifyRequest, name: string) => {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/** An HTTP request as the interaction it names; the operations are the ones Bundle entries run. */
function fhirRequest(request: Req, extra: Partial<FhirRequest> = {}): FhirRequest {
  return {
    method: request.method,
    type: request.params.type,
    ...(request.params.id !== undefined ? { id: request.params.id } : {}),
    ...(request.params.vid !== undefined ? { vid: request.params.vid } : {}),
    query: paramsOf(request.query),
    queryText: request.url.split('?')[1] ?? '',
    body: request.body,
    ifMatch: header(request, 'if-match'),
    ifNoneExist: header(request, 'if-none-exist'),
    prefer: header(request, 'prefer'),
    ...extra,
  };
}

function send(reply: FastifyReply, a: FhirAnswer) {
  reply.status(a.status);
  if (a.location) reply.header('location', a.location);
  if (a.etag) reply.header('etag', a.etag);
  if (a.lastModified) reply.header('last-modified', a.lastModified);
  return a.resource ? reply.send(a.resource) : reply.send();
}

/** The interactions of FHIR's RESTful API over the resource handlers; paths are under /fhir/R4. */
export function fhirRoutes(app: FastifyInstance, deps: Deps) {
  const call = (request: FastifyRequest) => new Call(deps, actorOf(request), origin(request));
  const route =
    (op: Operation, extra?: (request: Req) => Partial<FhirRequest>) =>
    async (request: Req, reply: FastifyReply) =>
      send(reply, await op(call(request), fhirRequest(request, extra?.(request))));

  app.get('/metadata', hidden, async (request) =>
    capabilityStatement(
      HANDLERS,
      origin(request),
      deps.ctx.clock.now(),
      deps.config.fhirCorsOrigins.length > 0,
    ),
  );

  app.get('/.well-known/smart-configuration', hidden, async (request, reply) =>
    reply.type('application/json').send(smartConfiguration(origin(request))),
  );

  // Batch and transaction Bundles at the base.
  app.post('/', hidden, async (request: FastifyRequest) => {
    const c = call(request);
    const prefer = header(request, 'prefer');
    bundleEntries(request.body, 'either');
    if ((request.body as { type?: string }).type === 'transaction')
      return runTransaction(c, request.body, prefer);
    return runBatch(c, request.body, prefer, request.log);
  });

  // A Binary reads as its own bytes, unless FHIR JSON is asked for (then base64 in `data`).
  app.get('/Binary/:id', hidden, async (request: Req, reply) => {
    const wantsJson = /fhir\+json|application\/json/i.test(header(request, 'accept') ?? '');
    const format = paramsOf(request.query)._format?.[0] ?? '';
    if (wantsJson || /json/i.test(format))
      return route(readResource, () => ({ type: 'Binary' }))(request, reply);
    const c = call(request);
    requireScope(c, 'Binary', 'r');
    const { contentType, data } = await binaryContent(c, request.params.id as string);
    return reply.type(contentType).header('x-content-type-options', 'nosniff').send(data);
  });
  app.get('/:type', hidden, route(searchType));
  // The same search with its parameters in a form body (and the query string), as FHIR allows.
  app.post(
    '/:type/_search',
    hidden,
    route(searchType, (request) => {
      const query: Params = paramsOf(request.query);
      for (const [k, v] of Object.entries(paramsOf(request.body ?? {})))
        query[k] = [...(query[k] ?? []), ...v];
      return { query, body: undefined };
    }),
  );
  app.get(
    '/:type/_history',
    hidden,
    route(typeHistory, () => ({ history: true })),
  );
  app.get('/:type/:id', hidden, route(readResource));
  app.get(
    '/:type/:id/_history',
    hidden,
    route(instanceHistory, () => ({ history: true })),
  );
  app.get('/:type/:id/_history/:vid', hidden, route(readVersion));
  app.post('/:type', hidden, route(createResource));
  app.put('/:type', hidden, route(conditionalUpdate));
  app.put('/:type/:id', hidden, route(updateResource));
  app.patch('/:type/:id', hidden, route(patchResource));
  app.delete('/:type/:id', hidden, route(deleteResource));

  app.post('/:type/:id/$expunge', hidden, async (request: Req) => {
    const c = call(request);
    const h = scopedHandler(c, request.params.type, 'd');
    const everything = paramsOf(request.query).everything?.[0] === 'true';
    if (!h.expunge) throw methodNotAllowed(`${h.type} does not support $expunge.`);
    if (everything && h.type !== 'Patient') throw badRequest('everything=true applies to a Patient only.');
    return allOk(await expunge(c, h.type, request.params.id as string, everything));
  });
}
