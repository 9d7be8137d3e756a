import { type Permission, scopesAllow } from '../domain/smart-scopes.ts';
import { AppError } from '../errors.ts';
import { handlerOf } from './resources.ts';
import type { Call, ResourceHandler } from './types.ts';

const WORDS: Record<Permission, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

/**
 * The handler of a type, once the token's SMART scopes allow this permission on it. A token
 * without scopes (a personal token, a client registered without scopes) acts with its user's rights.
 */
export function scopedHandler(call: Call, type: string, permission: Permission): ResourceHandler {
  const h = handlerOf(type);
  requireScope(call, h.type, permission);
  return h;
}

export function requireScope(call: Call, type: string, permission: Permission) {
  const granted = call.actor.scopes;
  if (granted && !scopesAllow(granted, type, permission)) {
    throw new AppError(
      403,
      'insufficient_scope',
      `The token's scopes do not allow ${WORDS[permission]} on ${type}.`,
      {
        scopes: granted.join(' '),
      },
    );
  }
}
