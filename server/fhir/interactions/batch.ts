import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import type { Call } from '../types.ts';
import { entryRequest, perform } from './dispatch.ts';
import { answerEntry, bundleEntries, errorEntry } from './entries.ts';

/**
 * `POST [base]` with a batch Bundle: each entry runs on its own, in order, as its HTTP request
 * would; a failed entry answers its status and OperationOutcome and the others go on.
 */
export async function runBatch(
  call: Call,
  body: unknown,
  prefer: string | undefined,
  log: FastifyBaseLogger,
): Promise<Bundle> {
  const entries = bundleEntries(body, 'batch');
  const out: BundleEntry[] = [];
  for (const entry of entries) {
    try {
      out.push(answerEntry(await perform(call, entryRequest(call.base, entry, prefer))));
    } catch (err) {
      if (!(err instanceof AppError)) log.error({ err }, 'batch entry failed');
      out.push(errorEntry(err));
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: out };
}
