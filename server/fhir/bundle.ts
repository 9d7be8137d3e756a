import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { Call, HistoryItem, Page, Params } from './types.ts';

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
export function searchBundle(
  call: Call,
  type: string,
  params: Params,
  page: Page,
  resources: Resource[],
  total: number,
  applied: string[],
): Bundle {
  const link = (relation: string, n: number): BundleLink => {
    const q = new URLSearchParams();
    // Only the parameters the search applied: the self link shows what was searched.
    for (const [k, values] of Object.entries(params)) {
      if (!applied.includes(k)) continue;
      for (const v of values) q.append(k, v);
    }
    q.set('_count', String(page.count));
    q.set('_page', String(n));
    return { relation, url: `${call.base}/${type}?${q}` };
  };
  const links = [link('self', page.page)];
  if (page.count > 0 && page.page * page.count < total) links.push(link('next', page.page + 1));
  if (page.page > 1) links.push(link('previous', page.page - 1));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: links,
    entry: resources.map((resource) => ({
      fullUrl: `${call.base}/${type}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

const METHOD = { create: 'POST', update: 'PUT', restore: 'PUT', delete: 'DELETE' } as const;

/** An instance's history, newest first; a deletion is an entry with request.method DELETE. */
export function historyBundle(call: Call, type: string, id: string, items: HistoryItem[]): Bundle {
  const url = `${call.base}/${type}/${id}`;
  const entry: BundleEntry[] = items.map((v) => {
    const method = METHOD[v.operation as keyof typeof METHOD] ?? 'PUT';
    return {
      fullUrl: url,
      ...(v.resource ? { resource: v.resource } : {}),
      request: { method, url: method === 'POST' ? type : `${type}/${id}` },
      response: {
        status: method === 'POST' ? '201 Created' : method === 'DELETE' ? '204 No Content' : '200 OK',
        etag: `W/"${v.version}"`,
        lastModified: v.changedAt,
      },
    };
  });
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: entry.length,
    link: [{ relation: 'self', url: `${url}/_history` }],
    entry,
  };
}
