/** Optional text fields: an empty or blank value means "not given" and is stored as null. */
export function blankToNull<T extends Record<string, unknown>>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' && v.trim() === '' ? null : v;
  return out as T;
}

/** A date of birth cannot lie in the future (dates are compared as YYYY-MM-DD in UTC). */
export function dateOfBirthProblem(dateOfBirth: string | null | undefined, today: Date): string | undefined {
  if (!dateOfBirth) return undefined;
  if (dateOfBirth > today.toISOString().slice(0, 10)) return 'The date of birth cannot be in the future.';
  if (dateOfBirth < '1870-01-01') return 'The date of birth is too far in the past.';
  return undefined;
}
