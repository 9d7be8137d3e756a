import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { TestApp, TestUser } from './harness.ts';
import type { LifecycleModel } from './lifecycle-model.ts';

export interface Real {
  t: TestApp;
  clinician: TestUser;
  root: TestUser;
  accountId: string;
  /** Unique IDs of this sequence start with it, so a prefix search lists this sequence's patients. */
  prefix: string;
  /** Tiny JPEGs to upload (distinct pixels). */
  jpegs: Buffer[];
  nextUniqueId: number;
}

/** The server's clock runs on for the milliseconds a step takes; expiries are compared to this. */
const TOLERANCE_MS = 10_000;

export const send = (
  r: Real,
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => r.t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });

export function expectInstant(got: unknown, want: number | null, what: string) {
  if (want === null) return expect(got, what).toBeNull();
  expect(typeof got, `${what}: ${String(got)}`).toBe('string');
  expect(
    Math.abs(Date.parse(got as string) - want),
    `${what}: ${String(got)} vs ${new Date(want).toISOString()}`,
  ).toBeLessThan(TOLERANCE_MS);
}

const PLURAL = { patient: 'patients', entry: 'entries', image: 'images' } as const;
const FILES_PER_IMAGE = 3;

/** Stored files of one image (original, preview, thumbnail), half-written ones aside. */
function filesOfImage(r: Real, imageId: string): number {
  const dir = path.join(r.t.storage.root, 'accounts', r.accountId, 'images', imageId);
  try {
    return readdirSync(dir).filter((f) => !f.endsWith('.tmp')).length;
  } catch {
    return 0;
  }
}

/**
 * The whole state the model knows, read back through the API: the patient list of this sequence
 * (with counts), every record's answer (200, 410 with its expiry, or 404) and the stored files.
 */
export async function verifyAgainstModel(m: LifecycleModel, r: Real, after: string) {
  const list = await send(r, r.clinician, 'GET', `/api/patients?q=${r.prefix}&pageSize=100`);
  expect(list.statusCode, list.body).toBe(200);
  const listed = Object.fromEntries(
    (list.json().items as { id: string; entryCount: number; imageCount: number }[]).map((p) => [
      p.id,
      { entryCount: p.entryCount, imageCount: p.imageCount },
    ]),
  );
  const active = Object.fromEntries(
    m
      .of('patient')
      .filter((p) => m.state(p) === 'active')
      .map((p) => [p.id, m.counts(p.id)]),
  );
  expect(listed, `patient list after ${after}`).toEqual(active);

  const answers = await Promise.all(
    m.records.map((rec) => send(r, r.clinician, 'GET', `/api/${PLURAL[rec.kind]}/${rec.id}`)),
  );
  for (const [i, rec] of m.records.entries()) {
    const res = answers[i];
    if (!res) continue;
    const what = `${rec.kind} ${rec.id} after ${after}`;
    const state = m.state(rec);
    const status = { active: 200, deleted: 410, gone: 404 }[state];
    expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
    if (state === 'deleted') {
      const details = res.json().error.details;
      expectInstant(details.deletedAt, rec.deletedAt, `${what} deletedAt`);
      expectInstant(details.expiresAt, m.expiry(rec), `${what} expiresAt`);
    }
    if (rec.kind === 'image') {
      expect(filesOfImage(r, rec.id), `stored files of ${what}`).toBe(state === 'gone' ? 0 : FILES_PER_IMAGE);
    }
  }
  // Every removed record is named in exactly one destruction record; nothing else is named in any.
  const named = await destructionRecordsNaming(
    r,
    m.records.map((rec) => rec.id),
  );
  for (const rec of m.records) {
    expect(named.get(rec.id) ?? 0, `destruction records naming ${rec.kind} ${rec.id} after ${after}`).toBe(
      m.state(rec) === 'gone' ? 1 : 0,
    );
  }
}

/** How many destruction records name each of these ids. */
async function destructionRecordsNaming(r: Real, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await r.t.database.raw(
    `select item_id::text as id, count(*)::int as n from destruction_record_items
     where item_id = any($1::uuid[]) group by item_id`,
    [ids],
  );
  return new Map(rows.map((row) => [String(row.id), Number(row.n)]));
}
