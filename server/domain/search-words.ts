/**
 * The patient database's search (PRODUCT.md §2): every word of the query must start the unique ID,
 * the first name or the last name, case-insensitively. These are the pure parts: the words, and
 * the prefix of each as a range of strings.
 */

/** At most this many words of a query are searched. */
export const MAX_SEARCH_WORDS = 5;

/** The lower-cased words of a query, at most MAX_SEARCH_WORDS. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/**
 * The least string above every string that starts with prefix, in code point order (which is the
 * byte order of UTF-8, i.e. the C collation): the prefix with its last character moved up by one.
 * Then "x starts with prefix" is exactly "prefix <= x < bound" under C collation, a plain index range
 * with no wildcard at all ("_" and "%" match themselves). Undefined when there is no such bound.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  if (prefix === '' || /\p{Cs}/u.test(prefix)) return undefined; // empty, or a lone surrogate
  const chars = [...prefix];
  const last = (chars.pop() as string).codePointAt(0) as number;
  if (last >= 0x10ffff) return undefined;
  return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
}
