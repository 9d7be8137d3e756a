import { describe, expect, it } from 'vitest';
import { grantedScopes, parseScope, parseScopes, scopesAllow } from './smart-scopes.ts';

describe('SMART system scopes', () => {
  it('reads v2 and v1 scopes and refuses others', () => {
    expect([...(parseScope('system/*.rs')?.permissions ?? [])]).toEqual(['r', 's']);
    expect(parseScope('system/Patient.cruds')?.type).toBe('Patient');
    expect([...(parseScope('system/*.read')?.permissions ?? [])]).toEqual(['r', 's']);
    expect([...(parseScope('system/*.write')?.permissions ?? [])]).toEqual(['c', 'u', 'd']);
    for (const bad of [
      'user/*.rs',
      'system/*.sr',
      'system/*.',
      'patient/Patient.read',
      'openid',
      'system/patient.rs',
    ])
      expect(parseScope(bad)).toBeUndefined();
    expect(parseScopes('system/*.rs openid system/*.rs')).toEqual({
      scopes: ['system/*.rs'],
      unknown: ['openid'],
    });
  });

  it('allows what a scope grants, on its type or all', () => {
    expect(scopesAllow(['system/Patient.rs'], 'Patient', 'r')).toBe(true);
    expect(scopesAllow(['system/Patient.rs'], 'Encounter', 'r')).toBe(false);
    expect(scopesAllow(['system/*.rs'], 'Patient', 'c')).toBe(false);
    expect(scopesAllow(['system/*.cruds'], 'Media', 'd')).toBe(true);
    expect(scopesAllow([], 'Patient', 'r')).toBe(false);
  });

  it('grants the requested scopes the registration covers', () => {
    expect(grantedScopes(['system/*.rs'], undefined)).toEqual(['system/*.rs']);
    expect(grantedScopes(['system/*.rs'], 'system/Patient.rs system/*.cruds')).toEqual(['system/Patient.rs']);
    expect(grantedScopes(['system/*.cruds'], 'system/*.read')).toEqual(['system/*.read']);
    expect(grantedScopes(['system/Patient.rs'], 'system/*.rs')).toEqual([]);
  });
});
