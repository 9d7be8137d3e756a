import type { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../shared/schemas/common.ts';
import { invalid } from '../errors.ts';
import { badRequest } from './outcome.ts';
import type { Page, Params } from './types.ts';

export const DEFAULT_COUNT = 20;

/** The query string as FHIR reads it: every parameter may repeat. */
export function paramsOf(query: unknown): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    out[k] = (Array.isArray(v) ? v : [v]).map(String);
  }
  return out;
}

export const first = (params: Params, name: string) => params[name]?.[0];

/** `_count` (at most 100; 0 asks for the total alone) and `_page`, the page our next links name. */
export function pageOf(params: Params): Page {
  const count = number(first(params, '_count'), DEFAULT_COUNT, '_count');
  const page = number(first(params, '_page'), 1, '_page');
  if (page < 1) throw badRequest('_page starts at 1.');
  return { count: Math.min(count, MAX_PAGE_SIZE), page };
}

function number(raw: string | undefined, fallback: number, name: string) {
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw)) throw badRequest(`${name} must be a whole number.`);
  return Number(raw);
}

/** Runs a resource's mapped fields through the API's own schema: the same rules as the REST API. */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join('.') || 'resource'] ??= issue.message;
  throw invalid('Some fields of the resource are not valid.', fields);
}

/** The body as a resource of the expected type, or 400. */
export function resourceBody<T>(body: unknown, type: string): T {
  if (!body || typeof body !== 'object' || (body as { resourceType?: unknown }).resourceType !== type) {
    throw badRequest(`Send a ${type} resource.`);
  }
  return body as T;
}
