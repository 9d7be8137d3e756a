import type { Resource } from '@medplum/fhirtypes';
import { etag, versionOfIfMatch } from '../../http/auth.ts';
import { allOk } from '../outcome.ts';
import type { Params } from '../types.ts';

/**
 * One FHIR interaction as the server reads it, whether it came as an HTTP request or as an entry
 * of a batch or transaction Bundle: the same operations serve both.
 */
export interface FhirRequest {
  method: string;
  type: string;
  id?: string;
  /** `_history/{vid}`. */
  vid?: string;
  /** `[type]/_history` or `[type]/{id}/_history`. */
  history?: boolean;
  query: Params;
  /** The query string as sent, for conditional interactions. */
  queryText: string;
  body?: unknown;
  ifMatch?: string;
  ifNoneExist?: string;
  prefer?: string;
}

/** What an interaction answers: a status, maybe a resource, and the headers FHIR names. */
export interface FhirAnswer {
  status: number;
  resource?: Resource;
  location?: string;
  etag?: string;
  lastModified?: string;
  /** What a create or update wrote, whatever the answer shows (a transaction resolves references with it). */
  written?: Resource;
}

/** A token of a Prefer header, e.g. `handling` of `Prefer: handling=lenient`. */
export function preferenceOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k?.toLowerCase() === name) return v?.toLowerCase();
  }
  return undefined;
}

export const ifMatchOf = (req: FhirRequest) => versionOfIfMatch(req.ifMatch);

/** A resource as read, with its version headers. */
export function resourceAnswer(resource: Resource, status = 200): FhirAnswer {
  const updated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : undefined;
  return {
    status,
    resource,
    ...(resource.meta?.versionId ? { etag: etag(Number(resource.meta.versionId)) } : {}),
    ...(updated && !Number.isNaN(updated.getTime()) ? { lastModified: updated.toUTCString() } : {}),
  };
}

/** The answer to a create or update as `Prefer: return=minimal|representation|OperationOutcome` asks. */
export function writtenAnswer(
  req: FhirRequest,
  resource: Resource,
  what: string,
  status: number,
  base: string,
): FhirAnswer {
  const full = { ...resourceAnswer(resource, status), written: resource };
  const location =
    status === 201
      ? { location: `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}` }
      : {};
  const wanted = preferenceOf(req.prefer, 'return');
  if (wanted === 'minimal') return { ...full, ...location, resource: undefined };
  if (wanted === 'operationoutcome') {
    return { ...full, ...location, resource: allOk(`${resource.resourceType}/${resource.id} ${what}.`) };
  }
  return { ...full, ...location };
}
