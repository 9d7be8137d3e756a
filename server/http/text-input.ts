import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';

const NUL = '\u0000';
const MESSAGE = 'Must not contain a NUL character.';
const MAX_DEPTH = 32;

/**
 * PostgreSQL text cannot hold U+0000: a NUL in a query string or JSON body is invalid input (422
 * naming the field), checked before any schema or service sees it, never a database error.
 */
export function installTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields: Record<string, string> = {};
    const seen = new WeakSet<object>();
    collect(request.query, '', fields, seen, 0);
    collect(request.body, '', fields, seen, 0);
    if (Object.keys(fields).length > 0) throw invalid('Text must not contain NUL characters.', fields);
  });
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
    if (value.includes(NUL)) out[path || 'body'] = MESSAGE;
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
