import { expungeEntry } from '../services/expunge/expunge-entry.ts';
import { expungeImage } from '../services/expunge/expunge-image.ts';
import { expungePatient } from '../services/expunge/expunge-patient.ts';
import { notSupported } from './outcome.ts';
import type { Call } from './types.ts';

/**
 * `$expunge` is the product's expunge (super administrators only; the record with its history and
 * files, or with `everything` a patient's whole compartment), through the same services as
 * `POST /api/…/expunge`. The CapabilityStatement offers it where this is true.
 */
export const EXPUNGE_AVAILABLE = true;

export async function expunge(call: Call, type: string, id: string, everything: boolean): Promise<string> {
  const { ctx, storage } = call.deps;
  const run = {
    Patient: () => expungePatient(ctx, storage, call.actor, id, { everything }),
    Encounter: () => expungeEntry(ctx, storage, call.actor, id),
    Media: () => expungeImage(ctx, storage, call.actor, id),
  }[type];
  if (!run || (everything && type !== 'Patient')) {
    throw notSupported(`$expunge${everything ? ' with everything' : ''} is not supported for ${type}.`);
  }
  const { expunged } = await run();
  const parts = Object.entries(expunged)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return `Expunged ${type}/${id}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
