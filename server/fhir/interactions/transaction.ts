import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { AppError } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { badRequest } from '../outcome.ts';
import { Call } from '../types.ts';
import { entryRequest, perform } from './dispatch.ts';
import { answerEntry, bundleEntries, failedEntry } from './entries.ts';
import type { FhirRequest } from './request.ts';

// FHIR's processing order: deletes, creates, updates and patches, then reads.
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 3, GET: 4 };
const URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST [base]` with a transaction Bundle: every entry in one database transaction, all or
 * nothing. A create's `urn:uuid` fullUrl becomes `Type/id` wherever the other entries' resources
 * reference it. Any failed entry rolls everything back and answers 400 naming it.
 */
export async function runTransaction(call: Call, body: unknown, prefer: string | undefined): Promise<Bundle> {
  const entries = bundleEntries(body, 'transaction');
  const requests = entries.map((e, i) => {
    try {
      return entryRequest(call.base, e, prefer);
    } catch (err) {
      throw failure(i, e, err);
    }
  });
  const order = processingOrder(entries, requests);
  const removed: string[] = [];
  const out = await call.ctx.db.transaction(async (tx) => {
    const deps = {
      ...call.deps,
      ctx: { ...call.ctx, db: tx },
      storage: deferRemovals(call.deps.storage, removed),
    };
    const inTx = new Call(deps, call.actor, call.origin);
    const resolved = new Map<string, string>();
    const answers: BundleEntry[] = [];
    for (const i of order) {
      const entry = entries[i] as BundleEntry;
      const req = requests[i] as FhirRequest;
      try {
        const answer = await perform(inTx, { ...req, body: resolveReferences(req.body, resolved) });
        if (req.method === 'POST' && entry.fullUrl && URN.test(entry.fullUrl) && answer.written) {
          resolved.set(entry.fullUrl, `${answer.written.resourceType}/${answer.written.id}`);
        }
        answers[i] = answerEntry(answer);
      } catch (err) {
        throw failure(i, entry, err);
      }
    }
    return answers;
  });
  // Files of records a Permanent deletion removed go only once the removal is committed.
  if (removed.length) await call.deps.storage.removeMany(removed);
  return { resourceType: 'Bundle', type: 'transaction-response', entry: out };
}

/** Deletes first, then creates (each after the creates its urn:uuid references name), updates, reads. */
function processingOrder(entries: BundleEntry[], requests: FhirRequest[]): number[] {
  const indexes = requests.map((_, i) => i);
  const rank = (i: number) => ORDER[requests[i]?.method ?? ''] ?? 5;
  const creates = indexes.filter((i) => requests[i]?.method === 'POST');
  const urnOf = new Map(creates.map((i) => [entries[i]?.fullUrl, i]));
  const sortedCreates: number[] = [];
  const done = new Set<number>();
  const visit = (i: number, path: Set<number>) => {
    if (done.has(i)) return;
    if (path.has(i)) throw badRequest('The creates of the transaction reference each other in a circle.');
    path.add(i);
    for (const ref of referencesIn(requests[i]?.body)) {
      const j = urnOf.get(ref);
      if (j !== undefined) visit(j, path);
    }
    path.delete(i);
    done.add(i);
    sortedCreates.push(i);
  };
  for (const i of creates) visit(i, new Set());
  const others = indexes.filter((i) => requests[i]?.method !== 'POST').sort((a, b) => rank(a) - rank(b));
  return [...others.filter((i) => rank(i) < 1), ...sortedCreates, ...others.filter((i) => rank(i) > 1)];
}

function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else referencesIn(v, out);
    }
  }
  return out;
}

/** A copy of a resource with every `reference` to a created urn:uuid replaced by `Type/id`. */
function resolveReferences(value: unknown, resolved: Map<string, string>): unknown {
  if (resolved.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, resolved));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'reference' && typeof v === 'string' ? (resolved.get(v) ?? v) : resolveReferences(v, resolved),
    ]),
  );
}

/** The store as the transaction's deletions see it: removals are noted, done after the commit. */
function deferRemovals(storage: BlobStore, removed: string[]): BlobStore {
  return {
    put: (key, data, options) => storage.put(key, data, options),
    get: (key) => storage.get(key),
    read: (key) => storage.read(key),
    exists: (key) => storage.exists(key),
    list: (prefix) => storage.list(prefix),
    listFolders: (prefix) => storage.listFolders(prefix),
    check: () => storage.check(),
    remove: async (key) => {
      removed.push(key);
    },
    removeMany: async (keys) => {
      removed.push(...keys);
    },
  };
}

/** The whole transaction's answer when entry i failed: 400 (500 for a server fault) naming it. */
function failure(i: number, entry: BundleEntry, err: unknown): AppError {
  const { status, outcome } = failedEntry(err);
  const what = `${entry.request?.method ?? '?'} ${String(entry.request?.url ?? '?').slice(0, 80)}`;
  const text = outcome.issue?.[0]?.details?.text ?? '';
  if (status >= 500) throw err;
  return new AppError(400, 'transaction_failed', `Entry ${i + 1} (${what}) failed with ${status}: ${text}`, {
    entry: i,
    status,
    ...(outcome.issue?.[0]?.diagnostics ? { diagnostics: outcome.issue[0].diagnostics } : {}),
  });
}
