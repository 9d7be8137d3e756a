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
