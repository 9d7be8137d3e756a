import fc from 'fast-check';
import { encodeText, oddString, POLLUTION, withNul } from './hostile-text.ts';

// Hostile requests generated from the OpenAPI document: every request carries at least one defect
// its route must refuse (a wrong type, a missing field, an over-long or NUL-bearing string, a value
// out of range, malformed JSON, a wrong content type, an unknown id), so none may be accepted.

export interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  maxItems?: number;
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style. */
  path: string;
  params: Parameter[];
  body: JsonSchema | undefined;
}

export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What was wrong with it, for the failure message. */
  defect: string;
}

type OpenApi = { paths: Record<string, Record<string, Record<string, unknown>>> };

/** Every /api operation of the document. */
export function operationsOf(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const body = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content?.['application/json']?.schema;
      out.push({ method: method.toUpperCase(), path, params: (op.parameters as Parameter[]) ?? [], body });
    }
  }
  return out;
}

function allowed(s: JsonSchema): Set<string> {
  if (s.anyOf) return new Set(s.anyOf.flatMap((x) => [...allowed(x)]));
  if (s.type === undefined) return new Set(['any']);
  return new Set(Array.isArray(s.type) ? s.type : [s.type]);
}

const SAMPLES: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 10 }),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.integer(), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
};

/** A value the schema refuses for certain. */
export function wrongValue(s: JsonSchema): fc.Arbitrary<unknown> {
  const ok = allowed(s);
  const options: fc.Arbitrary<unknown>[] = [];
  if (!ok.has('any')) {
    for (const [type, arb] of Object.entries(SAMPLES)) {
      const fits = ok.has(type) || (type === 'integer' && ok.has('number'));
      if (!fits && !(type === 'number' && ok.has('number'))) options.push(arb);
    }
  }
  const str = s.anyOf?.find((x) => x.type === 'string') ?? (s.type === 'string' ? s : undefined);
  if (str) {
    options.push(withNul);
    if (str.maxLength !== undefined) {
      const max = str.maxLength;
      options.push(fc.integer({ min: max + 1, max: max + 20_000 }).map((n) => 'x'.repeat(n)));
    }
    if (str.enum || str.pattern || str.format) options.push(oddString);
  }
  const num = s.anyOf?.find((x) => x.type === 'integer') ?? (s.type === 'integer' ? s : undefined);
  if (num) {
    const outside: number[] = [1.5, 2 ** 53 + 2];
    if (num.minimum !== undefined) outside.push(num.minimum - 1, -(2 ** 63));
    if (num.maximum !== undefined) outside.push(num.maximum + 1, 1e308);
    options.push(fc.constantFrom(...outside));
  }
  if (options.length === 0) options.push(withNul);
  return fc.oneof(...options);
}

/** A query value (always text) the schema refuses for certain. */
function wrongQueryValue(s: JsonSchema): fc.Arbitrary<string> {
  const str = s.anyOf?.find((x) => x.type === 'string') ?? (s.type === 'string' ? s : undefined);
  const num = s.anyOf?.find((x) => x.type === 'integer') ?? (s.type === 'integer' ? s : undefined);
  const options: fc.Arbitrary<string>[] = [withNul];
  if (str?.maxLength !== undefined) {
    const max = str.maxLength;
    options.push(fc.integer({ min: max + 1, max: max + 5_000 }).map((n) => 'x'.repeat(n)));
  }
  if (str && (str.enum || str.pattern || str.format)) options.push(oddString);
  if (num) {
    const outside = ['abc', '1.5', '1e400', '0x1g', 'NaN'];
    if (num.minimum !== undefined) outside.push(String(num.minimum - 1), '-9223372036854775809');
    if (num.maximum !== undefined) outside.push(String(num.maximum + 1), '99999999999999999999');
    options.push(fc.constantFrom(...outside));
  }
  return fc.oneof(...options);
}

/** A JSON body with at least one defect, as text (so malformed and deeply nested text is possible). */
export function hostileBody(
  s: JsonSchema | undefined,
): fc.Arbitrary<{ text: string; type: string; defect: string }> {
  const json = (defect: string) => (v: unknown) => ({
    text: JSON.stringify(v),
    type: 'application/json',
    defect,
  });
  const raw: fc.Arbitrary<{ text: string; type: string; defect: string }>[] = [
    fc
      .constantFrom(
        '{',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        'NaN',
        '[1,2',
        '{"a":"\u0001"}',
        '\u0000',
        '{"a":1}}',
      )
      .map((text) => ({ text, type: 'application/json', defect: 'malformed JSON' })),
    fc.constantFrom('__proto__', 'constructor').map((key) => ({
      text: `{"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}}}`,
      type: 'application/json',
      defect: `prototype key ${key}`,
    })),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'image/png',
        'text/html',
      )
      .map((type) => ({ text: '{"a":1}', type, defect: `content type ${type}` })),
    fc.constant({ text: 'x'.repeat(1_100_000), type: 'application/json', defect: 'over 1 MB' }),
  ];
  if (!s) return fc.oneof(...raw);
  const props = Object.entries(s.properties ?? {});
  const extras = fc.subarray(POLLUTION);
  const build = (fields: [string, unknown][], more: [string, unknown][]) => {
    const o: Record<string, unknown> = Object.create(null);
    for (const [k, v] of [...fields, ...more]) o[k] = v;
    return o;
  };
  const shaped: fc.Arbitrary<{ text: string; type: string; defect: string }>[] = [
    fc.constantFrom<unknown>([], 'text', 42, true, [{}]).map(json('not an object')),
    fc.integer({ min: 2, max: 100_000 }).map((d) => ({
      text: `{"a":${'['.repeat(d)}${']'.repeat(d)}}`,
      type: 'application/json',
      defect: `nesting ${d} deep`,
    })),
  ];
  if (!allowed(s).has('null')) shaped.push(fc.constant(null).map(json('null body')));
  if (props.length > 0) {
    shaped.push(
      fc.constantFrom(...props).chain(([name, schema]) =>
        fc.tuple(fc.constant(name), wrongValue(schema), extras).map(([n, v, more]) => ({
          text: JSON.stringify(build([[n, v]], more)),
          type: 'application/json',
          defect: `bad ${n}`,
        })),
      ),
    );
  }
  if ((s.required ?? []).length > 0) {
    shaped.push(extras.map((more) => json('required fields missing')(build([], more))));
  }
  if (s.additionalProperties === false) {
    shaped.push(
      fc
        .string({ minLength: 1, maxLength: 300 })
        .filter((k) => !(k in (s.properties ?? {})))
        .map((k) => json(`unknown field`)(build([[k, 1]], []))),
    );
  }
  return fc.oneof(...raw, ...shaped);
}

/** Path values that are no record's id: wrong shapes, traversal, encodings, odd text, too long. */
export const badId = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    "1' or '1'='1",
    '-1',
    '0',
    'null',
    '%E0%A4%A',
    '%uD800',
  ),
  fc.uuid().map((u) => `${u.slice(0, -1)}z`),
  oddString.map(encodeText),
  fc.integer({ min: 65, max: 400 }).map((n) => 'a'.repeat(n)),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeText),
);

const badVersion = fc.constantFrom('-1', '0', '1.5', '99999999999999999999', 'abc', '1e3', '%00', '0x10');

/** One hostile request for an operation, signed in with one of the given header sets. */
export function hostileRequest(op: Operation, users: Record<string, string>[]): fc.Arbitrary<HostileRequest> {
  const query = op.params.filter((p) => p.in === 'query');
  const defects: fc.Arbitrary<{
    path?: Record<string, string>;
    query?: string;
    body?: { text: string; type: string; defect: string };
  }>[] = [];
  const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  if (pathNames.length > 0 && !op.body) {
    defects.push(
      fc.record({ id: badId, version: badVersion, which: fc.constantFrom(...pathNames) }).map((d) => ({
        path: { [d.which]: d.which === 'version' ? d.version : d.id } as Record<string, string>,
      })),
    );
  }
  if (query.length > 0) {
    defects.push(
      fc.constantFrom(...query).chain((p) =>
        fc.oneof(wrongQueryValue(p.schema), fc.constant(null)).map((v) => ({
          // null: the parameter twice, which a query parser makes an array.
          query: v === null ? `${p.name}=1&${p.name}=2` : `${p.name}=${encodeText(v)}`,
        })),
      ),
    );
  }
  if (op.method !== 'GET') defects.push(hostileBody(op.body).map((body) => ({ body })));
  if (defects.length === 0) throw new Error(`nothing to malform in ${op.method} ${op.path}`);
  return fc
    .record({ d: fc.oneof(...defects), user: fc.constantFrom(...users), id: fc.uuid() })
    .map(({ d, user, id }) => {
      const path = op.path.replace(
        /\{(\w+)\}/g,
        (_, name: string) => d.path?.[name] ?? (name === 'version' ? '1' : id),
      );
      const url = d.query ? `${path}?${d.query}` : path;
      const headers: Record<string, string> = { ...user };
      if (d.body) headers['content-type'] = d.body.type;
      const defect =
        d.body?.defect ?? (d.query ? `query ${d.query.slice(0, 80)}` : `path ${path.slice(0, 120)}`);
      return { method: op.method, url, headers, payload: d.body?.text, defect };
    });
}

/** Whether an operation has anything a request could get wrong (plain GETs of a list have not). */
export const hasInput = (op: Operation) => op.method !== 'GET' || op.params.length > 0;
