import { describe, expect, it } from 'vitest';
import { normalizeUniqueId } from './unique-id.ts';

describe('normalizeUniqueId', () => {
  it('lower-cases before validating', () => {
    expect(normalizeUniqueId('AB-12')).toEqual({ ok: true, value: 'ab-12' });
    expect(normalizeUniqueId('  Xy_9 ')).toEqual({ ok: true, value: 'xy_9' });
  });
  it('accepts the bounds 2 and 32', () => {
    expect(normalizeUniqueId('ab').ok).toBe(true);
    expect(normalizeUniqueId('a'.repeat(32)).ok).toBe(true);
  });
  it.each(['a', 'a'.repeat(33), '', 'a b', 'a.b', 'é1', 'ab/', 'ab%'])('rejects %j', (input) => {
    const r = normalizeUniqueId(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/unique ID/);
  });
});
