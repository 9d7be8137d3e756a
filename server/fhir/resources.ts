import { AppError } from '../errors.ts';
import { auditEventHandler } from './audit-event.ts';
import { binaryHandler } from './binary.ts';
import { bodyStructureHandler } from './body-structure.ts';
import { consentHandler } from './consent.ts';
import { documentReferenceHandler } from './document-reference.ts';
import { encounterHandler } from './encounter.ts';
import { mediaHandler } from './media.ts';
import { methodNotAllowed } from './outcome.ts';
import { patientHandler } from './patient.ts';
import type { ResourceHandler } from './types.ts';

/** The resource types the facade serves, in the order the CapabilityStatement lists them. */
export const HANDLERS: ResourceHandler[] = [
  patientHandler,
  encounterHandler,
  mediaHandler,
  bodyStructureHandler,
  consentHandler,
  auditEventHandler,
  documentReferenceHandler,
  binaryHandler,
];

const BY_TYPE = new Map(HANDLERS.map((h) => [h.type, h]));

/** The handler of a type, or 404: an unknown type is a path this server does not have. */
export function handlerOf(type: string): ResourceHandler {
  const h = BY_TYPE.get(type);
  if (!h)
    throw new AppError(404, 'unknown_type', `This server does not serve ${type.slice(0, 40)} resources.`);
  return h;
}

/** The function of one interaction, or 405 when the type does not support it. */
export function interaction<K extends keyof ResourceHandler>(h: ResourceHandler, key: K, what: string) {
  const fn = h[key];
  if (!fn) throw methodNotAllowed(`${h.type} does not support ${what}.`);
  return fn as NonNullable<ResourceHandler[K]>;
}
