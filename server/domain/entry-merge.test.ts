import { describe, expect, it } from 'vitest';
import { comparisonProblems, decideMerge } from './entry-merge.ts';

describe('decideMerge', () => {
  const base = { notes: 'a', tagIds: [], appointmentAt: 't1' };
  it('applies a patch to fields nobody changed since its base', () => {
    expect(decideMerge(base, { ...base, tagIds: ['x'] }, ['notes'])).toEqual({ apply: true });
  });
  it('refuses a patch to a field changed since its base', () => {
    expect(decideMerge(base, { ...base, notes: 'b' }, ['notes', 'tagIds'])).toEqual({
      apply: false,
      conflictingFields: ['notes'],
    });
  });
  it('compares objects by value whatever the order of their keys (a stored version is jsonb)', () => {
    const stored = { site: { y: 0.2, x: 0.1, code: '1' } };
    expect(decideMerge(stored, { site: { code: '1', x: 0.1, y: 0.2 } }, ['site'])).toEqual({ apply: true });
    expect(decideMerge(stored, { site: { code: '2', x: 0.1, y: 0.2 } }, ['site'])).toMatchObject({
      apply: false,
    });
  });
  it('compares arrays by value', () => {
    expect(decideMerge({ tagIds: ['a'] }, { tagIds: ['a'] }, ['tagIds'])).toEqual({ apply: true });
  });
});

describe('comparisonProblems', () => {
  const ws = ['i1', 'i2', 'i3', 'i4', 'i5'];
  it('accepts 2 to 4 workspace images', () => {
    expect(
      comparisonProblems(
        [
          { name: 'a', imageIds: ['i1', 'i2'] },
          { name: 'b', imageIds: ['i1', 'i2', 'i3', 'i4'] },
        ],
        ws,
      ),
    ).toEqual([]);
  });
  it('refuses 1 or 5 images, duplicates and images outside the workspace', () => {
    const p = comparisonProblems(
      [
        { name: 'one', imageIds: ['i1'] },
        { name: 'five', imageIds: ws },
        { name: 'dup', imageIds: ['i1', 'i1'] },
        { name: 'out', imageIds: ['i1', 'zz'] },
      ],
      ws,
    );
    expect(p.map((x) => x.index)).toEqual([0, 1, 2, 3]);
    expect(p[3]?.message).toMatch(/workspace/);
  });
});
