import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  putStoredArchive,
  readStoredArchive,
  repack,
  seedDeployment,
  storedBackup,
} from '../../testing/backups.ts';
import { createSuperAdmin, startTestApp, type TestApp, type TestUser } from '../../testing/harness.ts';
import { backupKey } from './create-backup.ts';
import { HEADER_ENTRY, MANIFEST_ENTRY } from './manifest.ts';
import { knownMigrations } from './schema-version.ts';

// What the admin console shows of the backups (PRODUCT.md §8): the schema each was taken at, a
// check of a stored archive that reads it whole as a restore would, and the daily schedule.

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;
let id: string;
let good: Buffer;
let storedBytes: number;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedDeployment(t);
  id = await storedBackup(t);
  storedBytes = (await buffer(await t.storage.get(backupKey(id)))).length;
  good = await readStoredArchive(t, id);
});
afterAll(() => t?.close());

const latest = () => knownMigrations().at(-1)?.tag;
const verify = (backupId: string, user: TestUser = seeded.root) =>
  t.app.inject({ method: 'POST', url: `/api/admin/backups/${backupId}/verify`, headers: user.headers });
/** Stores `archive` under a backup id of its own, as an operator copies one into the store. */
async function stored(archive: Buffer) {
  const other = `20260102t000000z-${String(++n).padStart(6, '0')}`;
  await putStoredArchive(t, other, archive);
  return other;
}
const editJson = (data: Buffer, edit: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(data.toString('utf8'));
  edit(json);
  return Buffer.from(JSON.stringify(json));
};

describe('the backups list', () => {
  it('names the database schema of each complete backup, and its size', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/backups',
      headers: seeded.root.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().items.find((b: { id: string }) => b.id === id);
    expect(item).toMatchObject({ status: 'complete', schema: latest(), size: storedBytes });
  });

  it('still lists an archive whose header cannot be read, without a schema', async () => {
    const junk = await stored(Buffer.from('not a tar at all'));
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/backups',
      headers: seeded.root.headers,
    });
    expect(res.json().items.find((b: { id: string }) => b.id === junk)).toMatchObject({ schema: null });
  });
});

describe('verifying a stored backup', () => {
  it('reads a good archive whole and says what it holds', async () => {
    const res = await verify(id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id, intact: true, restorable: true, error: null, schema: latest() });
    expect(body.rows).toBeGreaterThan(0);
    expect(body.tables).toBeGreaterThan(5);
    // Two patients with two images each and one with one: originals, previews and thumbnails.
    expect(body.files).toBeGreaterThanOrEqual(5);
    expect(body.fileBytes).toBeGreaterThan(0);
  });

  it('finds a changed byte and a cut-short copy', async () => {
    const flipped = Buffer.from(good);
    const at = good.indexOf('"unique_id":"kept-1"');
    flipped[at + 14] = 'x'.charCodeAt(0);
    const damaged = (await verify(await stored(flipped))).json();
    expect(damaged).toMatchObject({ intact: false, restorable: false, error: { code: 'backup_damaged' } });
    const cut = (await verify(await stored(good.subarray(0, good.length >> 1)))).json();
    expect(cut).toMatchObject({ intact: false, error: { code: 'backup_incomplete' } });
    expect(cut.rows).toBe(0);
  });

  it('tells an intact backup of a newer schema from a damaged one', async () => {
    const future = (json: Record<string, unknown>) => {
      json.schema = { tag: '0042_future', index: 42 };
    };
    // Signed as a newer version of this deployment would sign it.
    const newer = await repack(
      good,
      (name, data) => (name === HEADER_ENTRY || name === MANIFEST_ENTRY ? editJson(data, future) : data),
      t.evidence.keys.signing,
    );
    const res = (await verify(await stored(newer))).json();
    expect(res).toMatchObject({
      intact: true,
      restorable: false,
      schema: '0042_future',
      error: { code: 'backup_schema_newer' },
    });
  });

  it('is audited, and answers 404 for a backup that is not there', async () => {
    expect((await verify('20260101t000000z-abcdef')).statusCode).toBe(404);
    expect((await verify('../etc')).statusCode).toBe(404);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=backup.verified&pageSize=100',
      headers: seeded.root.headers,
    });
    const events = res.json().items.map((e: { details: unknown }) => e.details);
    expect(events).toContainEqual({ backupId: id, intact: true, restorable: true });
    expect(events).toContainEqual(expect.objectContaining({ intact: false, code: 'backup_incomplete' }));
  });

  it('is for super administrators only', async () => {
    expect((await verify(id, seeded.clinic.admin)).statusCode).toBe(403);
  });
});

describe('the daily schedule', () => {
  it('is off unless the operator set a time', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/backups/schedule',
      headers: seeded.root.headers,
    });
    expect(res.json()).toEqual({
      enabled: false,
      time: null,
      keep: 7,
      nextRunAt: null,
      encryption: 'passphrase',
    });
  });

  it('names the time, how many are kept and the next run', async () => {
    const scheduled = await startTestApp({ backup: { time: '02:30', keep: 3 } });
    try {
      const root = await createSuperAdmin(scheduled);
      const res = await scheduled.app.inject({
        method: 'GET',
        url: '/api/admin/backups/schedule',
        headers: root.headers,
      });
      const body = res.json();
      expect(body).toMatchObject({ enabled: true, time: '02:30', keep: 3 });
      const next = new Date(body.nextRunAt);
      expect(next.getTime()).toBeGreaterThan(scheduled.clock.now().getTime());
      expect(next.getTime() - scheduled.clock.now().getTime()).toBeLessThanOrEqual(24 * 3600_000);
      expect([next.getHours(), next.getMinutes()]).toEqual([2, 30]);
    } finally {
      await scheduled.close();
    }
  });
});
