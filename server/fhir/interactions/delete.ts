import { AppError } from '../../errors.ts';
import { allOk } from '../outcome.ts';
import { interaction } from '../resources.ts';
import { scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import type { FhirAnswer, FhirRequest } from './request.ts';

/** `DELETE [type]/[id]`: the product's soft delete; deleting what is already deleted succeeds. */
export async function deleteResource(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'd');
  const remove = interaction(h, 'remove', 'delete');
  try {
    return { status: 200, resource: allOk(await remove(call, req.id as string)) };
  } catch (err) {
    if (err instanceof AppError && err.status === 410) {
      return { status: 200, resource: allOk(`${h.type}/${req.id} is already deleted.`) };
    }
    throw err;
  }
}
