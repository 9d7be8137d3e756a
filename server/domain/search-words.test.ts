import { describe, expect, it } from 'vitest';
import { prefixUpperBound, searchWords } from './search-words.ts';

describe('searchWords', () => {
  it('lower-cases and splits on any white space, at most five words', () => {
    expect(searchWords('  Emma\tSMI  ')).toEqual(['emma', 'smi']);
    expect(searchWords('a b c d e f g')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('   ')).toEqual([]);
  });
});

describe('prefixUpperBound', () => {
  it('moves the last character up by one', () => {
    expect(prefixUpperBound('tay')).toBe('taz');
    expect(prefixUpperBound('p_')).toBe('p`');
    expect(prefixUpperBound('mü')).toBe('mý');
  });
  it('bounds every string that starts with the prefix, in code point order', () => {
    const bound = prefixUpperBound('ab') as string;
    for (const s of ['ab', 'abz', 'ab\u{10ffff}', 'ab\uffff']) {
      expect(s >= 'ab' && Buffer.compare(Buffer.from(s), Buffer.from(bound)) < 0).toBe(true);
    }
    expect(Buffer.compare(Buffer.from('ac'), Buffer.from(bound))).toBe(0);
  });
  it('skips the surrogate range and steps over astral characters whole', () => {
    expect(prefixUpperBound('a\ud7ff')).toBe('a\ue000');
    expect(prefixUpperBound('a😀')).toBe('a😁');
  });
  it('has no bound for the empty word, a lone surrogate or the last code point', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('a\ud800')).toBeUndefined();
    expect(prefixUpperBound('a\u{10ffff}')).toBeUndefined();
  });
});
