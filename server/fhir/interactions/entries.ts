import { STATUS_CODES } from 'node:http';
import type { Bundle, BundleEntry, BundleEntryResponse, OperationOutcome } from '@medplum/fhirtypes';
import { AppError } from '../../errors.ts';
import { badRequest, outcome, outcomeOfAppError } from '../outcome.ts';
import type { FhirAnswer } from './request.ts';

/** At most this many entries in one batch or transaction. */
export const MAX_BUNDLE_ENTRIES = 500;

/** The entries of a batch or transaction Bundle, or 400 when the body is not one. */
export function bundleEntries(body: unknown, type: 'batch' | 'transaction' | 'either'): BundleEntry[] {
  const b = body as Bundle | undefined;
  if (b?.resourceType !== 'Bundle') throw badRequest('Send a Bundle of type batch or transaction.');
  if (type === 'either' ? b.type !== 'batch' && b.type !== 'transaction' : b.type !== type) {
    throw badRequest('Only batch and transaction Bundles are processed at the base.');
  }
  const entries = b.entry ?? [];
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be a list.');
  if (entries.length > MAX_BUNDLE_ENTRIES) {
    throw badRequest(`A Bundle takes at most ${MAX_BUNDLE_ENTRIES} entries.`);
  }
  return entries;
}

const statusText = (status: number) => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

/** A response entry of a batch-response or transaction-response. */
export function answerEntry(a: FhirAnswer): BundleEntry {
  const response: BundleEntryResponse = {
    status: statusText(a.status),
    ...(a.location ? { location: a.location } : {}),
    ...(a.etag ? { etag: a.etag } : {}),
    ...(a.lastModified ? { lastModified: new Date(a.lastModified).toISOString() } : {}),
  };
  // An OperationOutcome of success goes in response.outcome, a resource in entry.resource.
  if (a.resource?.resourceType === 'OperationOutcome') {
    return { response: { ...response, outcome: a.resource } };
  }
  return { ...(a.resource ? { resource: a.resource } : {}), response };
}

/** An entry that failed: its status and OperationOutcome; server faults are not described. */
export function failedEntry(err: unknown): { status: number; outcome: OperationOutcome } {
  if (err instanceof AppError) return { status: err.status, outcome: outcomeOfAppError(err) };
  return { status: 500, outcome: outcome(500, 'Something went wrong on the server. It has been logged.') };
}

export function errorEntry(err: unknown): BundleEntry {
  const { status, outcome: o } = failedEntry(err);
  return { response: { status: statusText(status), outcome: o } };
}
