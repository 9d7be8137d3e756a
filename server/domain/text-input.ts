const NUL = '\u0000';
const MESSAGE = 'Must not contain a NUL character.';
const CONTROL_MESSAGE =
  'Must not contain control characters (line breaks only in notes; no direction overrides).';
const MAX_DEPTH = 32;

/**
 * Characters that never belong in typed text (tab, line feed and carriage return are taken out
 * first and judged by the field): C0 controls,
 * DEL, C1 controls, line and paragraph separators, and the bidirectional embeddings, overrides and
 * isolates that make a name read differently from what it holds.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** Single-line text also refuses line breaks and tabs. */
const LINE_BREAK = /[\t\n\r]/;
/** Fields of free multi-line text (entry notes, patient and consent notes, image captions). */
const MULTI_LINE = new Set(['notes', 'note', 'caption']);
/** Secrets are compared, never shown: whatever a password held before stays usable. */
const SECRET = /password|token|secret|signature|^code$|^totp$/i;

/**
 * The text fields of parsed input (JSON bodies, query strings, live-socket patches) that hold a
 * NUL or control characters, by dotted path, with the reason; empty when the text is clean.
 */
export function textInputProblems(...values: unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const seen = new WeakSet<object>();
  for (const value of values) collect(value, '', fields, seen, 0);
  return fields;
}

/** The message of a refusal of these fields (NUL first: it is the stronger word). */
export const textRefusalMessage = (fields: Record<string, string>) =>
  Object.values(fields).includes(MESSAGE)
    ? 'Text must not contain NUL characters.'
    : 'Text must not contain control characters.';

function textProblem(value: string, key: string): string | undefined {
  if (value.includes(NUL)) return MESSAGE;
  if (SECRET.test(key)) return undefined;
  if (!MULTI_LINE.has(key) && LINE_BREAK.test(value)) return CONTROL_MESSAGE;
  if (CONTROL.test(value.replace(/[\t\n\r]/g, ''))) return CONTROL_MESSAGE;
  return undefined;
}

/**
 * Walks strings, arrays and plain objects only (parsed JSON and query strings), never buffers or
 * streams, each object once (multipart parts point back at each other), and only so deep.
 */
function collect(
  value: unknown,
  path: string,
  out: Record<string, string>,
  seen: WeakSet<object>,
  depth: number,
): void {
  if (typeof value === 'string') {
    const problem = textProblem(value, path.split('.').pop() ?? '');
    if (problem) out[path || 'body'] = problem;
    return;
  }
  // Deeper than any schema of the API: the schema refuses it, and recursion stays bounded.
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH) return;
  if (!Array.isArray(value) && !isPlain(value)) return;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) out[path || 'body'] = MESSAGE;
    else collect(item, path ? `${path}.${key}` : key, out, seen, depth + 1);
  }
}

/** Parsed JSON objects, and query objects (whose prototype is a bare, prototype-less object). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}
