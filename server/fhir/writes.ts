import type { Resource } from '@medplum/fhirtypes';
import jsonPatch, { type Operation } from 'fast-json-patch';
import { AppError } from '../errors.ts';
import { badRequest } from './outcome.ts';
import { paramsOf } from './params.ts';
import { interaction } from './resources.ts';
import { INCLUDES } from './search/includes.ts';
import { parseSearch } from './search/parse.ts';
import type { Call, ResourceHandler } from './types.ts';

/**
 * The resources of a type a conditional create or update names (a search query). Strict: a
 * parameter the server would not apply is refused, never ignored, so the match is exact.
 */
export async function conditionalMatches(call: Call, h: ResourceHandler, query: string) {
  const params = paramsOf(Object.fromEntries(groupBy(new URLSearchParams(query.replace(/^.*\?/, '')))));
  const control = ['_count', '_page', '_sort', '_summary', '_include', '_revinclude'];
  const names = Object.keys(params).filter((k) => !control.includes(k));
  if (names.length === 0) throw badRequest('A conditional interaction needs search criteria.');
  const search = interaction(h, 'search', 'search');
  const offer = { type: h.type, params: search.params, ...INCLUDES[h.type] };
  const parsed = parseSearch(offer, { ...params, _count: ['2'] }, false);
  const answer = await search.run(call, parsed);
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
