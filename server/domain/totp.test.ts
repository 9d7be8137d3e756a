import { describe, expect, it } from 'vitest';
import {
  acceptedStep,
  enabledValue,
  newTotpSecret,
  parseTotp,
  pendingValue,
  totpCode,
  totpUri,
} from './totp.ts';

const T0 = new Date('2026-01-01T09:00:10Z');
const step0 = Math.floor(T0.getTime() / 30_000);

describe('TOTP rules', () => {
  it('reads and writes the stored states', () => {
    const s = newTotpSecret();
    expect(parseTotp(null)).toEqual({ status: 'off' });
    expect(parseTotp(pendingValue(s))).toEqual({ status: 'pending', secret: s });
    expect(parseTotp(enabledValue(s, 42))).toEqual({ status: 'enabled', secret: s, lastStep: 42 });
    expect(() => parseTotp('garbage')).toThrow();
  });

  it('accepts the current code and its neighbours, and nothing older than the last step', () => {
    const s = newTotpSecret();
    expect(acceptedStep(s, totpCode(s, T0), T0)).toBe(step0);
    expect(acceptedStep(s, totpCode(s, new Date(T0.getTime() - 30_000)), T0)).toBe(step0 - 1);
    expect(acceptedStep(s, totpCode(s, new Date(T0.getTime() - 90_000)), T0)).toBeNull();
    expect(acceptedStep(s, totpCode(s, T0), T0, step0)).toBeNull();
    expect(acceptedStep(s, `${totpCode(s, T0).slice(0, 3)} ${totpCode(s, T0).slice(3)}`, T0)).toBe(step0);
    expect(acceptedStep(s, 'abcdef', T0)).toBeNull();
  });

  it('names the issuer and the user in the URI', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'a@b.test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Vellum:a%40b\.test\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
  });
});
