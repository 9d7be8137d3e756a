import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('passwordProblems', () => {
  it('accepts 12+ characters with upper, lower, digit and symbol', () => {
    expect(passwordProblems('Correct-Horse-42!')).toEqual([]);
    expect(passwordProblems('Ab1!Ab1!Ab1!')).toEqual([]);
  });
  it('names each missing ingredient', () => {
    expect(passwordProblems('Ab1!')).toEqual(['at least 12 characters']);
    expect(passwordProblems('abcdefgh1234!')).toEqual(['an upper-case letter']);
    expect(passwordProblems('ABCDEFGH1234!')).toEqual(['a lower-case letter']);
    expect(passwordProblems('Abcdefghijkl!')).toEqual(['a digit']);
    expect(passwordProblems('Abcdefghijk12')).toEqual(['a symbol']);
  });
  it('does not count spaces as symbols', () => {
    expect(passwordProblems('Abcdefghij 12')).toEqual(['a symbol']);
  });
});
