import { AppError } from '../../errors.ts';
import { badRequest } from '../outcome.ts';
import { interaction } from '../resources.ts';
import { scopedHandler } from '../scopes.ts';
import type { Call } from '../types.ts';
import { type FhirAnswer, type FhirRequest, resourceAnswer } from './request.ts';

/** `GET [type]/[id]/_history/[vid]`; a version that is a deletion answers 410. */
export async function readVersion(call: Call, req: FhirRequest): Promise<FhirAnswer> {
  const h = scopedHandler(call, req.type, 'r');
  const version = Number(req.vid);
  if (!Number.isInteger(version) || version < 1 || version > 1_000_000) throw badRequest('Not a version id.');
  const item = await interaction(h, 'version', 'vread')(call, req.id as string, version);
  if (!item.resource) {
    throw new AppError(410, 'deleted', `Version ${version} is the deletion of this resource.`, {
      deletedAt: item.changedAt,
    });
  }
  return resourceAnswer(item.resource);
}
