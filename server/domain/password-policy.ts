import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** At least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < 12) problems.push('at least 12 characters');
  if (!/\p{Lu}/u.test(password)) problems.push('an upper-case letter');
  if (!/\p{Ll}/u.test(password)) problems.push('a lower-case letter');
  if (!/\p{Nd}/u.test(password)) problems.push('a digit');
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push('a symbol');
  if (password.length > 256) problems.push('at most 256 characters');
  return problems;
}

export function describePasswordProblems(problems: string[]): string {
  return `The password needs ${problems.join(', ')}.`;
}

/** zxcvbn's score: 3 is "safely unguessable" against an online attack with hashing offline. */
export const MIN_PASSWORD_SCORE = 3;

// Built on first use: loading the dictionaries takes a few hundred milliseconds.
let estimator: ZxcvbnFactory | undefined;
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/**
 * Why a password that meets the length rule is still too easy to guess (common passwords, names,
 * keyboard runs, dates, the user's own e-mail or name), in words; undefined when it is strong.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | undefined {
  const words = userInputs
    .flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{Nd}]+/u))
    .filter((w) => w.length > 2);
  const result = strengthEstimator().check(password.slice(0, 256), words);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const { warning, suggestions } = result.feedback;
  const why = warning ?? 'It would be guessed quickly.';
  return ['This password is too easy to guess.', why, ...suggestions].join(' ');
}
