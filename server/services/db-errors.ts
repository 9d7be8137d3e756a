/** The PostgreSQL error under a driver or ORM wrapper, if any. */
export function pgError(err: unknown): { code?: string; constraint?: string } | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const o = e as { code?: unknown; constraint?: string; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code))
      return { code: o.code, constraint: o.constraint };
    e = o.cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown, constraint?: string) => {
  const pe = pgError(err);
  return pe?.code === '23505' && (!constraint || pe.constraint === constraint || pe.constraint === undefined);
};
