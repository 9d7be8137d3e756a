import { describe, expect, it } from 'vitest';
import { removalGroups } from './removal-batches.ts';

describe('removalGroups', () => {
  const sizes = new Map([
    ['a', 2],
    ['b', 2],
    ['big', 50],
    ['c', 5],
    ['d', 0],
  ]);

  it('packs small compartments together up to the budget, patient rows included', () => {
    // a: 3 rows, b: 3, c: 6, d: 1 (each with its patient row).
    expect(removalGroups(['a', 'b', 'c', 'd'], sizes, 7)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(removalGroups(['a', 'b', 'c', 'd'], sizes, 100)).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('puts a compartment larger than the budget alone, keeping the order of the rest', () => {
    expect(removalGroups(['a', 'big', 'b'], sizes, 10)).toEqual([['big'], ['a', 'b']]);
  });

  it('takes every patient exactly once, unknown sizes as empty compartments', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `p${i}`);
    const groups = removalGroups(ids, new Map(), 4);
    expect(groups.flat()).toEqual(ids);
    for (const g of groups) expect(g.length).toBeLessThanOrEqual(4);
    expect(removalGroups([], sizes, 4)).toEqual([]);
  });
});
