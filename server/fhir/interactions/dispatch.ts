import type { BundleEntry } from '@medplum/fhirtypes';
import { badRequest, methodNotAllowed } from '../outcome.ts';
import { paramsOf } from '../params.ts';
import type { Call } from '../types.ts';
import { createResource } from './create.ts';
import { deleteResource } from './delete.ts';
import { instanceHistory, typeHistory } from './history.ts';
import { patchResource } from './patch.ts';
import { readResource } from './read.ts';
import type { FhirAnswer, FhirRequest } from './request.ts';
import { searchType } from './search.ts';
import { conditionalUpdate, updateResource } from './update.ts';
import { readVersion } from './vread.ts';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * A Bundle entry's request as the interaction it names (`Patient`, `Patient/{id}`,
 * `Patient?identifier=…`, `Patient/{id}/_history/{vid}`, relative to the base or absolute).
 */
export function entryRequest(base: string, entry: BundleEntry, prefer: string | undefined): FhirRequest {
  const r = entry.request;
  if (!r?.method || typeof r.url !== 'string') throw badRequest('The entry has no request (method and url).');
  const url = r.url.startsWith(`${base}/`) ? r.url.slice(base.length + 1) : r.url.replace(/^\//, '');
  const [path = '', queryText = ''] = url.split(/\?(.*)/s);
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(queryText)) query[k] = [...(query[k] ?? []), v];
  const [type = '', ...rest] = path.split('/');
  const req: FhirRequest = {
    method: r.method,
    type,
    query: paramsOf(query),
    queryText,
    body: r.method === 'PATCH' ? patchOf(entry.resource) : entry.resource,
    ...(r.ifMatch ? { ifMatch: r.ifMatch } : {}),
    ...(r.ifNoneExist ? { ifNoneExist: r.ifNoneExist } : {}),
    ...(prefer ? { prefer } : {}),
  };
  if (rest[0] === '_history' && rest.length === 1) return { ...req, history: true };
  if (rest[0] === '_search' && rest.length === 1) return { ...req, method: 'GET' };
  const [id, history, vid, ...more] = rest;
  if (id !== undefined && !ID.test(id)) throw badRequest(`${r.url.slice(0, 80)} does not name a resource.`);
  if (more.length || (history !== undefined && history !== '_history')) {
    throw badRequest(`${r.url.slice(0, 80)} is not an interaction a Bundle entry can make.`);
  }
  return { ...req, id, ...(history ? { history: true } : {}), ...(vid ? { vid } : {}) };
}

/** In a Bundle, a JSON Patch travels as a Binary resource holding it (FHIR R4 §3.1.0.9.4). */
function patchOf(resource: unknown): unknown {
  const r = resource as { resourceType?: string; contentType?: string; data?: string } | undefined;
  if (r?.resourceType !== 'Binary' || !/json-patch/.test(r.contentType ?? '') || !r.data) {
    throw badRequest('A PATCH entry carries its JSON Patch as a Binary (application/json-patch+json).');
  }
  try {
    return JSON.parse(Buffer.from(r.data, 'base64').toString('utf8'));
  } catch {
    throw badRequest('The PATCH entry’s Binary does not hold JSON.');
  }
}

/** The one interaction a request names, as the HTTP routes run them. */
export function perform(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const { method, id } = req;
  if (method === 'GET') {
    if (id === undefined) return req.history ? typeHistory(call, req) : searchType(call, req);
    if (req.vid !== undefined) return readVersion(call, req);
    return req.history ? instanceHistory(call, req) : readResource(call, req);
  }
  if (!req.history && req.vid === undefined) {
    if (method === 'POST' && id === undefined) return createResource(call, req);
    if (method === 'PUT') return id === undefined ? conditionalUpdate(call, req) : updateResource(call, req);
    if (method === 'PATCH' && id !== undefined) return patchResource(call, req);
    if (method === 'DELETE' && id !== undefined) return deleteResource(call, req);
  }
  throw methodNotAllowed(
    `${method} ${req.type}${id ? '/…' : ''} is not an interaction this server supports.`,
  );
}
