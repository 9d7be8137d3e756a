import { badRequest } from '../outcome.ts';
import { interaction } from '../resources.ts';
import { requireScope, scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import { conditionalMatches } from '../writes.ts';
import { type FhirAnswer, type FhirRequest, ifMatchOf, writtenAnswer } from './request.ts';

/** `PUT [type]/[id]`: the body carries the id of the URL. */
export async function updateResource(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'u');
  const update = interaction(h, 'update', 'update');
  const body = req.body as { id?: string } | undefined;
  if (body?.id !== req.id) throw badRequest('The resource must carry its id, the id in the URL.');
  const updated = await update(call, req.id as string, body, ifMatchOf(req));
  return writtenAnswer(req, updated, 'updated', 200, call.base);
}

/** `PUT [type]?search`: one match is updated, none created, several answer 412. */
export async function conditionalUpdate(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'u');
  const update = interaction(h, 'update', 'update');
  const [existing] = await conditionalMatches(call, h, req.queryText);
  const body = req.body as { id?: string } | undefined;
  if (!existing) {
    if (body?.id !== undefined) throw badRequest('No resource matches: send the new resource without id.');
    requireScope(call, h.type, 'c');
    const created = await interaction(h, 'create', 'create')(call, body);
    return writtenAnswer(req, created, 'created', 201, call.base);
  }
  if (body?.id !== undefined && body.id !== existing.id) {
    throw badRequest('The resource id must be the id of the resource the search matches.');
  }
  const id = existing.id as string;
  const updated = await update(call, id, { ...body, id }, ifMatchOf(req));
  return writtenAnswer(req, updated, 'updated', 200, call.base);
}
