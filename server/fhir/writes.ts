import type { Resource } from '@medplum/fhirtypes';
import jsonPatch, { type Operation } from 'fast-json-patch';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { etag } from '../http/auth.ts';
import { allOk, badRequest } from './outcome.ts';
import { paramsOf } from './params.ts';
import { INCLUDES } from './search/includes.ts';
import { parseSearch } from './search/parse.ts';
import type { Call, ResourceHandler } from './types.ts';

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

/** A resource with its version headers (ETag, Last-Modified). */
export function sendResource(reply: FastifyReply, resource: Resource) {
  versionHeaders(reply, resource);
  return reply.send(resource);
}

function versionHeaders(reply: FastifyReply, resource: Resource) {
  if (resource.meta?.versionId) reply.header('etag', etag(Number(resource.meta.versionId)));
  const updated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : undefined;
  if (updated && !Number.isNaN(updated.getTime())) reply.header('last-modified', updated.toUTCString());
}

/** The answer to a create or update as `Prefer: return=minimal|representation|OperationOutcome` asks. */
export function sendWritten(request: FastifyRequest, reply: FastifyReply, resource: Resource, what: string) {
  const wanted = preference(request, 'return');
  if (wanted === 'minimal') {
    versionHeaders(reply, resource);
    return reply.send();
  }
  if (wanted === 'operationoutcome') {
    versionHeaders(reply, resource);
    return reply.send(allOk(`${resource.resourceType}/${resource.id} ${what}.`));
  }
  return sendResource(reply, resource);
}

/**
 * The resources of a type a conditional create or update names (a search query). Strict: a
 * parameter the server would not apply is refused, never ignored, so the match is exact.
 */
export async function conditionalMatches(call: Call, h: ResourceHandler, query: string) {
  const params = paramsOf(Object.fromEntries(groupBy(new URLSearchParams(query.replace(/^.*\?/, '')))));
  const control = ['_count', '_page', '_sort', '_summary', '_include', '_revinclude'];
  const names = Object.keys(params).filter((k) => !control.includes(k));
  if (names.length === 0) throw badRequest('A conditional interaction needs search criteria.');
  const offer = { type: h.type, params: h.search.params, ...INCLUDES[h.type] };
  const parsed = parseSearch(offer, { ...params, _count: ['2'] }, false);
  const answer = await h.search.run(call, parsed);
  if (answer.total > 1) {
    throw new AppError(412, 'multiple_matches', `${answer.total} ${h.type} resources match ${query}.`);
  }
  return answer.resources;
}

function groupBy(params: URLSearchParams): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const [k, v] of params) out.set(k, [...(out.get(k) ?? []), v]);
  return [...out];
}

/** The resource with a JSON Patch applied; a malformed patch or a failed `test` is 400/422. */
export function patchedResource(current: Resource, patch: unknown): Resource {
  if (!Array.isArray(patch)) throw badRequest('Send a JSON Patch: an array of operations.');
  const error = jsonPatch.validate(patch as Operation[], current);
  if (error) throw badRequest(`The patch is not valid: ${error.name} at operation ${error.index}.`);
  let result: Resource;
  try {
    result = jsonPatch.applyPatch(
      jsonPatch.deepClone(current),
      patch as Operation[],
      true,
      false,
    ).newDocument;
  } catch (err) {
    throw new AppError(422, 'patch_failed', `The patch could not be applied: ${(err as Error).name}.`);
  }
  if (result.resourceType !== current.resourceType || result.id !== current.id) {
    throw badRequest('A patch may not change resourceType or id.');
  }
  return result;
}
