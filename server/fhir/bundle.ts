import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { SearchAnswer } from './search/run.ts';
import type { ParsedSearch } from './search/types.ts';
import type { Call, HistoryItem } from './types.ts';

/** A version as history shows it: a deletion carries no resource. */
export function historyItem(
  v: { version: number; operation: string; changedAt: string },
  resource: Resource,
): HistoryItem {
  return {
    version: v.version,
    operation: v.operation,
    changedAt: v.changedAt,
    ...(v.operation === 'delete' ? {} : { resource }),
  };
}

/** A search answer with self, next and previous links that keep the search and name the page. */
export function searchBundle(call: Call, type: string, q: ParsedSearch, answer: SearchAnswer): Bundle {
  const { page } = q;
  const link = (relation: string, n: number): BundleLink => {
    // Only the parameters the search applied: the self link shows what was searched.
    const params = new URLSearchParams(q.applied);
    params.set('_count', String(page.count));
    params.set('_page', String(n));
    return { relation, url: `${call.base}/${type}?${params}` };
  };
  const links = [link('self', page.page)];
  const more = !q.totalOnly && page.count > 0 && page.page * page.count < answer.total;
  if (more) links.push(link('next', page.page + 1));
  if (page.page > 1 && !q.totalOnly) links.push(link('previous', page.page - 1));
  const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${call.base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  const entries = [
    ...answer.resources.map((r) => entry(r, 'match')),
    ...answer.included.map((r) => entry(r, 'include')),
  ];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: answer.total,
    link: links,
    ...(entries.length ? { entry: entries } : {}),
  };
}

const METHOD = { create: 'POST', update: 'PUT', restore: 'PUT', delete: 'DELETE' } as const;

/** One page of history: the versions (each naming its resource), the total, and the links' query. */
export interface HistoryPage {
  /** `Patient/_history` or `Patient/{id}/_history`. */
  path: string;
  items: (HistoryItem & { type: string; id: string })[];
  total: number;
  count: number;
  page: number;
  /** `_since` as asked, kept in the links. */
  since?: string;
}

/** A history Bundle, newest first; a deletion is an entry with request.method DELETE. */
export function historyBundle(call: Call, h: HistoryPage): Bundle {
  const entry: BundleEntry[] = h.items.map((v) => {
    const method = METHOD[v.operation as keyof typeof METHOD] ?? 'PUT';
    return {
      fullUrl: `${call.base}/${v.type}/${v.id}`,
      ...(v.resource ? { resource: v.resource } : {}),
      request: { method, url: method === 'POST' ? v.type : `${v.type}/${v.id}` },
      response: {
        status: method === 'POST' ? '201 Created' : method === 'DELETE' ? '204 No Content' : '200 OK',
        etag: `W/"${v.version}"`,
        lastModified: v.changedAt,
      },
    };
  });
  const link = (relation: string, n: number): BundleLink => {
    const params = new URLSearchParams();
    if (h.since) params.set('_since', h.since);
    params.set('_count', String(h.count));
    params.set('_page', String(n));
    return { relation, url: `${call.base}/${h.path}?${params}` };
  };
  const links = [link('self', h.page)];
  if (h.count > 0 && h.page * h.count < h.total) links.push(link('next', h.page + 1));
  if (h.page > 1) links.push(link('previous', h.page - 1));
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: h.total,
    link: links,
    ...(entry.length ? { entry } : {}),
  };
}
