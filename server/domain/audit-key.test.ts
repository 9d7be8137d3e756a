import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditKeyFrom, parseAuditKey } from './audit-key.ts';

describe('audit key', () => {
  it('computes the same HMAC from its pads as node:crypto does from the key', () => {
    const raw = randomBytes(32);
    const key = auditKeyFrom(raw);
    const message = `${'0'.repeat(64)}:${'a'.repeat(64)}`;
    const inner = createHash('sha256')
      .update(Buffer.concat([Buffer.from(key.innerPad, 'hex'), Buffer.from(message)]))
      .digest();
    const outer = createHash('sha256')
      .update(Buffer.concat([Buffer.from(key.outerPad, 'hex'), inner]))
      .digest('hex');
    expect(outer).toBe(createHmac('sha256', raw).update(message).digest('hex'));
    expect(key.mac(message)).toBe(outer);
  });

  it('reads hex and base64, and refuses a short key', () => {
    const raw = randomBytes(32);
    expect(parseAuditKey(raw.toString('hex'))).toEqual(raw);
    expect(parseAuditKey(`${raw.toString('base64')}\n`)).toEqual(raw);
    expect(() => parseAuditKey('abcd')).toThrow(/32/);
  });
});
