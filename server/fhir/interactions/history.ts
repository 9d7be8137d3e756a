import { accountHistory } from '../../services/history/account-history.ts';
import { historyBundle } from '../bundle.ts';
import { badRequest } from '../outcome.ts';
import { first, pageOf } from '../params.ts';
import { interaction } from '../resources.ts';
import { scopedHandler } from '../scopes.ts';
import { parseDate } from '../search/dates.ts';
import type { Call, Params } from '../types.ts';
import type { FhirAnswer, FhirRequest } from './request.ts';

const HISTORY_PARAMS = ['_count', '_since', '_page', '_format'];

/** `_count`, `_page` and `_since` (an instant; versions changed at or after it); anything else is 400. */
function historyQuery(query: Params) {
  const unknown = Object.keys(query).find((k) => !HISTORY_PARAMS.includes(k));
  if (unknown) throw badRequest(`History does not take the parameter ${unknown.slice(0, 60)}.`);
  // A + of a time zone arrives as a space when the client did not encode it.
  const raw = first(query, '_since')?.replace(' ', '+');
  let since: Date | undefined;
  if (raw !== undefined) {
    if (/^[a-z]{2}/.test(raw)) throw badRequest('_since is an instant, without a prefix.');
    since = parseDate('_since', raw).start;
  }
  return { since, raw, ...pageOf(query) };
}

/** `GET [type]/[id]/_history`: the resource's versions, newest first, a page at a time. */
export async function instanceHistory(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'r');
  const q = historyQuery(req.query);
  const id = req.id as string;
  const all = await interaction(h, 'history', 'history')(call, id);
  const kept = q.since ? all.filter((v) => new Date(v.changedAt) >= (q.since as Date)) : all;
  const offset = (q.page - 1) * q.count;
  const items = kept.slice(offset, offset + q.count).map((v) => ({ ...v, type: h.type, id }));
  const bundle = historyBundle(call, {
    path: `${h.type}/${id}/_history`,
    items,
    total: kept.length,
    count: q.count,
    page: q.page,
    since: q.raw,
  });
  return { status: 200, resource: bundle };
}

/** `GET [type]/_history`: every version of the account's resources of a type, newest first. */
export async function typeHistory(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'r');
  const itemsOf = interaction(h, 'historyItems', 'type history');
  const q = historyQuery(req.query);
  const page = await accountHistory(call.ctx, call.actor, h.recordType as NonNullable<typeof h.recordType>, {
    since: q.since,
    limit: q.count,
    offset: (q.page - 1) * q.count,
  });
  // Each record's versions read together (its kept FHIR extras once), then back in the page's order.
  const byRecord = new Map<string, typeof page.items>();
  for (const v of page.items) byRecord.set(v.recordId, [...(byRecord.get(v.recordId) ?? []), v]);
  const read = new Map<string, Awaited<ReturnType<typeof itemsOf>>[number]>();
  for (const [id, versions] of byRecord) {
    const items = await itemsOf(call, id, versions);
    for (const [i, item] of items.entries()) read.set(`${id}/${versions[i]?.version}`, item);
  }
  const items = page.items.flatMap((v) => {
    const item = read.get(`${v.recordId}/${v.version}`);
    return item ? [{ ...item, type: h.type, id: v.recordId }] : [];
  });
  const bundle = historyBundle(call, {
    path: `${h.type}/_history`,
    items,
    total: page.total,
    count: q.count,
    page: q.page,
    since: q.raw,
  });
  return { status: 200, resource: bundle };
}
