import { describe, expect, it } from 'vitest';
import { auditKeyFrom } from './audit-key.ts';
import { setupCodeFrom, setupCodeMatches } from './setup-code.ts';

const key = (byte: number) => auditKeyFrom(Buffer.alloc(32, byte));

describe('setup code', () => {
  it('is twelve readable characters in three groups, the same for the same key', () => {
    const code = setupCodeFrom(key(1));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(setupCodeFrom(key(1))).toBe(code);
    expect(setupCodeFrom(key(2))).not.toBe(code);
  });

  it('matches whatever the case, spaces and dashes, and nothing else', () => {
    const code = setupCodeFrom(key(1));
    expect(setupCodeMatches(code, code)).toBe(true);
    expect(setupCodeMatches(` ${code.toLowerCase().replace(/-/g, ' ')} `, code)).toBe(true);
    expect(setupCodeMatches(setupCodeFrom(key(2)), code)).toBe(false);
    expect(setupCodeMatches('', code)).toBe(false);
    expect(setupCodeMatches(code.slice(0, 13), code)).toBe(false);
  });
});
