import { type Capability, can } from '../domain/roles.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { Actor } from './context.ts';

/** Every use case starts here: is this actor allowed this capability at all? */
export function requireCapability(actor: Actor, capability: Capability): void {
  if (!can(actor.role, capability)) throw forbidden();
}

/** Clinical work happens inside an account; returns the actor's account id. */
export function requireAccount(actor: Actor, capability: Capability): string {
  requireCapability(actor, capability);
  if (!actor.accountId) {
    throw new AppError(403, 'account_required', 'This needs a user of a practice account.');
  }
  return actor.accountId;
}

/**
 * A record's history is read only where the record itself could be: a deleted record (and every
 * past version of it) is 404 to a role that may not see deleted records (assistants).
 */
export function requireHistoryVisible<T extends { deletedAt: Date | null }>(
  actor: Actor,
  row: T | undefined,
  what: string,
): T {
  if (!row || (row.deletedAt && !can(actor.role, 'deleted.read'))) throw notFound(what);
  return row;
}

/** Database ids are UUIDs; anything else cannot name a record and reads as not found. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);
