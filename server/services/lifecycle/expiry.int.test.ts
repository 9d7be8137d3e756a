import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expiryOf } from '../../domain/lifecycle.ts';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { expirySql } from './expiry.ts';

// One expiry: the database's vellum_expiry (queries and operator views) gives the same instant as
// domain/lifecycle.ts expiryOf, month ends and leap days included.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const cases: [string, number][] = [
  ['2026-01-31T23:30:00Z', 1],
  ['2024-02-29T12:00:00Z', 12],
  ['2026-03-31T00:00:00Z', 6],
  ['2026-07-01T00:00:00Z', 120],
  ['2025-12-15T08:45:10.123Z', 1200],
];

it.each(cases)('%s plus %i months is the same instant in SQL and TypeScript', async (at, months) => {
  const deletedAt = new Date(at);
  const rows = await t.database.db.execute(
    sql`select to_json(${expirySql(sql`${deletedAt.toISOString()}::timestamptz`, months)}) as e`,
  );
  const e = (rows as unknown as { rows: { e: string }[] }).rows[0]?.e;
  expect(new Date(e as string).toISOString()).toBe(expiryOf(deletedAt, months).toISOString());
});

it.each([true, false])('under legal hold (%s) both have the same expiry: none while held', async (held) => {
  const deletedAt = new Date('2026-01-31T23:30:00Z');
  const rows = await t.database.db.execute(
    sql`select to_json(${expirySql(sql`${deletedAt.toISOString()}::timestamptz`, 6, sql`${held}::boolean`)}) as e`,
  );
  const e = (rows as unknown as { rows: { e: string | null }[] }).rows[0]?.e ?? null;
  expect(e === null ? null : new Date(e).toISOString()).toBe(
    expiryOf(deletedAt, 6, held)?.toISOString() ?? null,
  );
});

it('the operators view derives the expiry with the same function', async () => {
  const rows = await t.database.db.execute(
    sql`select pg_get_viewdef('expiring_records_view'::regclass) as d`,
  );
  const def = (rows as unknown as { rows: { d: string }[] }).rows[0]?.d ?? '';
  expect(def).toContain('vellum_expiry(');
});
