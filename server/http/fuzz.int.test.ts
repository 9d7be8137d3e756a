import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type HostileRequest,
  hasInput,
  hostileRequest,
  type Operation,
  operationsOf,
} from '../testing/fuzz.ts';
import { createSuperAdmin, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// Hostile input across every /api route, generated from the OpenAPI document. CI sends 10,000
// requests (FUZZ_RUNS sets another total; locally the default is smaller). Each must be refused
// with a 4xx in the error shape, tell nothing of the internals, and write nothing.

const TOTAL = Number(process.env.FUZZ_RUNS || (process.env.CI ? 10_000 : 1_500));

const errorShape = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    message: z.string().min(1).max(300),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Stack frames, source paths, SQL and driver or framework error text. */
const LEAK =
  /\bat .+\(.*:\d+|\.ts:\d|\.js:\d|node_modules|\/(?:home|tmp|usr|var|srv|opt)\/|\b(?:select|insert|update|delete)\b.+\b(?:from|into|set|where)\b|violates|relation "|syntax error|duplicate key|ECONN|TypeError|RangeError|ReferenceError|Cannot read|is not a function|FST_ERR|drizzle|postgres|pglite/i;

let t: TestApp;
let users: Record<string, string>[];
let operations: Operation[];

beforeAll(async () => {
  t = await startTestApp();
  const { admin, clinician } = await seedAccount(t, 'Fuzz Clinic');
  const root = await createSuperAdmin(t);
  users = [clinician.headers, admin.headers, root.headers];
  const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  operations = operationsOf(doc.json()).filter(hasInput);
});

afterAll(async () => {
  await t?.close();
});

/** Row counts of every table, and the number of stored files: a refused request changes none. */
async function snapshot() {
  const tables = await t.database.raw(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like '%migrations%' order by 1",
  );
  const counts = await t.database.raw(
    tables
      .map((r) => `select '${String(r.tablename)}' as name, count(*)::int as n from "${String(r.tablename)}"`)
      .join(' union all '),
  );
  const files = readdirSync(t.storage.root, { recursive: true }).length;
  return { rows: Object.fromEntries(counts.map((r) => [r.name, r.n])), files };
}

function check(req: HostileRequest, status: number, body: string, contentType: unknown) {
  const where = `${req.method} ${req.url.slice(0, 200)} (${req.defect}) → ${status} ${body.slice(0, 300)}`;
  expect(status, where).toBeGreaterThanOrEqual(400);
  expect(status, where).toBeLessThan(500);
  expect(String(contentType), where).toMatch(/^application\/json/);
  expect(errorShape.safeParse(JSON.parse(body)).success, where).toBe(true);
  expect(LEAK.test(body), `leaks internals: ${where}`).toBe(false);
}

describe('hostile input on every /api route', () => {
  it('covers every route with input, from the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it(`refuses ${TOTAL} malformed requests with a clean 4xx and writes nothing`, async () => {
    const before = await snapshot();
    const runs = Math.max(5, Math.ceil(TOTAL / operations.length));
    let sent = 0;
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(hostileRequest(op, users), async (req) => {
          sent++;
          const res = await t.app.inject({
            method: req.method as 'GET',
            url: req.url,
            headers: req.headers,
            ...(req.payload === undefined ? {} : { payload: req.payload }),
          });
          check(req, res.statusCode, res.body, res.headers['content-type']);
        }),
        { numRuns: runs },
      );
      const after = await snapshot();
      expect(after, `${op.method} ${op.path} wrote something`).toEqual(before);
    }
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    // Nothing reached Object.prototype through a parsed body or query.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 600_000);
});
