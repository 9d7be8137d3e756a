import { describe, expect, it } from 'vitest';
import { deriveUid, isValidUid, rootUidProblem } from './dicom-uid.ts';

const namespace = '6f1c1f4e-2b8a-4d6e-9a53-0d9a1f3c2b71';

describe('DICOM UIDs', () => {
  it('are stable, distinct per kind and key, and valid under 2.25 by default', () => {
    const a = deriveUid({ root: undefined, namespace }, 'instance', 'x');
    expect(a).toBe(deriveUid({ root: undefined, namespace }, 'instance', 'x'));
    expect(a).not.toBe(deriveUid({ root: undefined, namespace }, 'instance', 'y'));
    expect(a).not.toBe(deriveUid({ root: undefined, namespace }, 'study', 'x'));
    expect(a).not.toBe(
      deriveUid({ root: undefined, namespace: namespace.replace('6f', '7f') }, 'instance', 'x'),
    );
    expect(a.startsWith('2.25.')).toBe(true);
    expect(isValidUid(a)).toBe(true);
  });

  it('fit 64 characters under a long configured root', () => {
    const root = '1.2.826.0.1.3680043.10.543.123456789';
    const uid = deriveUid({ root, namespace }, 'series', 'entry-1');
    expect(uid.startsWith(`${root}.`)).toBe(true);
    expect(uid.length).toBe(64);
    expect(isValidUid(uid)).toBe(true);
  });

  it('refuses roots that are not UIDs or leave no room', () => {
    expect(rootUidProblem('1.2.3')).toBeUndefined();
    expect(rootUidProblem('1.02.3')).toMatch(/digits/);
    expect(rootUidProblem('abc')).toMatch(/digits/);
    expect(rootUidProblem(`1.${'2'.repeat(50)}`)).toMatch(/at most/);
  });
});
