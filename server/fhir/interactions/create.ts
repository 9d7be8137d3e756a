import { interaction } from '../resources.ts';
import { scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import { conditionalMatches } from '../writes.ts';
import { type FhirAnswer, type FhirRequest, writtenAnswer } from './request.ts';

/** `POST [type]`; with `If-None-Exist` an existing match answers 200 and nothing is written. */
export async function createResource(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'c');
  const create = interaction(h, 'create', 'create');
  if (req.ifNoneExist !== undefined) {
    const [existing] = await conditionalMatches(call, h, req.ifNoneExist);
    if (existing) return writtenAnswer(req, existing, 'exists', 200, call.base);
  }
  return writtenAnswer(req, await create(call, req.body), 'created', 201, call.base);
}
