import { notSupported } from './outcome.ts';
import type { Call } from './types.ts';

/**
 * Hard deletion belongs to the lifecycle services (super administrators only; the record with its
 * history and files, or with `everything` a patient's whole compartment). Until they are part of
 * this build the operation answers 501 and the CapabilityStatement does not offer it.
 */
export const EXPUNGE_AVAILABLE = false;

export async function expunge(_call: Call, type: string, _id: string, _everything: boolean): Promise<string> {
  throw notSupported(`$expunge of ${type} is not available on this server yet.`);
}
