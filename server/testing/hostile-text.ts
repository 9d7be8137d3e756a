import fc from 'fast-check';

/** Characters that trip naive text handling: bidi overrides, BOM, lone surrogates, combining marks. */
const ODD = [
  '\u202e',
  '\ufeff',
  'e\u0301',
  '\ud800',
  '\udfff',
  '😀',
  '２０２６',
  '\u200b',
  'İ',
  '\u0085',
  '\u2028',
];
export const oddString = fc
  .array(fc.constantFrom(...ODD), { minLength: 1, maxLength: 8 })
  .map((a) => a.join(''));
export const withNul = fc
  .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
  .map(([a, b]) => `${a}\u0000${b}`);
/** Percent-encodes text; a lone surrogate becomes its (invalid UTF-8) bytes, as a hostile client sends. */
export function encodeText(s: string): string {
  return s.replace(/\p{Cs}|\P{Cs}+/gu, (part) =>
    /\p{Cs}/u.test(part) ? '%ED%A0%80' : encodeURIComponent(part),
  );
}

export const POLLUTION: [string, unknown][] = [
  ['__proto__', { polluted: 'yes', isAdmin: true }],
  ['constructor', { prototype: { polluted: 'yes' } }],
  ['prototype', { polluted: 'yes' }],
];
