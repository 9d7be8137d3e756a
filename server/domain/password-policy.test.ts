import { describe, expect, it } from 'vitest';
import { passwordProblems, passwordWeakness } from './password-policy.ts';

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

describe('passwordWeakness', () => {
  it('refuses common passwords that meet the length rule, and says why', () => {
    expect(passwordProblems('Password123!')).toEqual([]);
    expect(passwordWeakness('Password123!')).toMatch(/too easy to guess.*commonly used password/);
  });
  it('refuses a password built from the user’s own e-mail', () => {
    expect(passwordWeakness('Zorblax2026!')).toBeUndefined();
    expect(passwordWeakness('Zorblax2026!', ['zorblax@clinic.test'])).toMatch(/personal/);
  });
  it('accepts a long mixed password', () => {
    expect(passwordWeakness('Correct-Horse-42!')).toBeUndefined();
    expect(passwordWeakness('Tidal-Lantern-Basil-9')).toBeUndefined();
  });
});
