import { describe, expect, it } from 'vitest';
import { confirms, deleteAccountPhrase, deletePatientPhrase } from './confirmation.ts';

describe('confirmation phrases', () => {
  it('must be typed exactly, surrounding spaces aside', () => {
    expect(confirms('delete ab-12', deletePatientPhrase('ab-12'))).toBe(true);
    expect(confirms('  delete ab-12 ', deletePatientPhrase('ab-12'))).toBe(true);
    expect(confirms('delete AB-12', deletePatientPhrase('ab-12'))).toBe(false);
    expect(confirms(undefined, deletePatientPhrase('ab-12'))).toBe(false);
    expect(confirms('delete account Skin Clinic', deleteAccountPhrase('Skin Clinic'))).toBe(true);
  });
});
