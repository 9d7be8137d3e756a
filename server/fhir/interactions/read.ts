import { scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import { type FhirAnswer, type FhirRequest, resourceAnswer } from './request.ts';

/** `GET [type]/[id]`. */
export async function readResource(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'r');
  return resourceAnswer(await h.read(call, req.id as string));
}
