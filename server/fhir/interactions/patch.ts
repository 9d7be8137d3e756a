import { interaction } from '../resources.ts';
import { scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import { patchedResource } from '../writes.ts';
import { type FhirAnswer, type FhirRequest, ifMatchOf, writtenAnswer } from './request.ts';

/** `PATCH [type]/[id]` with a JSON Patch over the resource as read; If-Match names the version patched. */
export async function patchResource(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'u');
  const update = interaction(h, 'update', 'patch');
  const id = req.id as string;
  const current = await h.read(call, id);
  const patched = patchedResource(current, req.body);
  const ifMatch = ifMatchOf(req) ?? Number(current.meta?.versionId);
  return writtenAnswer(req, await update(call, id, patched, ifMatch), 'patched', 200, call.base);
}
