import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DeploymentState,
  deploymentState,
  putStoredArchive,
  readStoredArchive,
  repack,
  seedDeployment,
  storedBackup,
} from '../../testing/backups.ts';
import { makeJpeg } from '../../testing/fixtures.ts';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { HEADER_ENTRY, MANIFEST_ENTRY } from './manifest.ts';
import { knownMigrations } from './schema-version.ts';

// Bad archives (PRODUCT.md §8): each is refused with a clear error before anything changes, and the
// running deployment is left exactly as it was. Archives are put into the store the way an operator
// copies one there, and restored through the API.

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;
let good: Buffer;
let state: DeploymentState;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedDeployment(t);
  good = await readStoredArchive(t, await storedBackup(t));
  state = await deploymentState(t.database, t.storage);
});
afterAll(() => t?.close());

/** Stores `archive` as a backup of its own and restores it; answers the restore's response. */
async function restoreArchive(archive: Buffer) {
  const id = `20260102t000000z-${String(++n).padStart(6, '0')}`;
  await putStoredArchive(t, id, archive);
  return t.app.inject({
    method: 'POST',
    url: `/api/admin/backups/${id}/restore`,
    headers: seeded.root.headers,
    payload: { confirmation: `restore backup ${id}` },
  });
}

async function expectRefused(archive: Buffer, code: string, message: RegExp) {
  const res = await restoreArchive(archive);
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(message);
  const now = await deploymentState(t.database, t.storage);
  expect(now.files).toEqual(state.files);
  // Only the refusal's own audit event is new.
  const { audit_events: events = [], ...rows } = now.tables;
  const { audit_events: before = [], ...rowsBefore } = state.tables;
  expect(rows).toEqual(rowsBefore);
  expect(events.slice(0, before.length)).toEqual(before);
  expect(events.slice(before.length).map((e) => JSON.parse(e).action)).toEqual(
    events.slice(before.length).map(() => 'backup.restore_refused'),
  );
  state = now;
}

const editJson = (data: Buffer, edit: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(data.toString('utf8'));
  edit(json);
  return Buffer.from(JSON.stringify(json));
};

describe('a damaged or foreign archive', () => {
  it('refuses a truncated archive', async () => {
    await expectRefused(good.subarray(0, Math.floor(good.length * 0.6)), 'backup_incomplete', /incomplete/);
    // Cut exactly at an entry boundary, just before the manifest: still incomplete.
    const noManifest = await repack(good, (name, data) => (name === MANIFEST_ENTRY ? null : data));
    await expectRefused(noManifest, 'backup_incomplete', /manifest/);
  });

  it('refuses an archive whose stored file was changed', async () => {
    const fileEntry = await repack(good, (name, data) => {
      if (!name.startsWith('files/')) return data;
      const copy = Buffer.from(data);
      copy[copy.length >> 1] = ((copy[copy.length >> 1] ?? 0) + 1) % 256;
      return copy;
    });
    await expectRefused(fileEntry, 'backup_damaged', /does not match its checksum/);
  });

  it('refuses a flipped byte anywhere in the rows', async () => {
    const at = good.indexOf('"unique_id":"kept-1"');
    expect(at).toBeGreaterThan(0);
    const copy = Buffer.from(good);
    copy[at + 14] = 'x'.charCodeAt(0);
    await expectRefused(copy, 'backup_damaged', /checksum/);
  });

  it('refuses entries added or removed behind the manifest', async () => {
    const extra = await repack(good, (name, data) =>
      name === MANIFEST_ENTRY
        ? [
            ['files/images/planted.jpg', Buffer.from('x')],
            [name, data],
          ]
        : data,
    );
    await expectRefused(extra, 'backup_damaged', /not in the manifest/);
    let dropped = false;
    const missing = await repack(good, (name, data) => {
      if (!dropped && name.startsWith('files/')) {
        dropped = true;
        return null;
      }
      return data;
    });
    await expectRefused(missing, 'backup_damaged', /missing/);
  });

  it('refuses a file that is not a backup', async () => {
    await expectRefused(Buffer.alloc(0), 'backup_unrecognized', /not a Vellum backup/);
    await expectRefused(await makeJpeg(50, 50), 'backup_unrecognized', /not a Vellum backup/);
    await expectRefused(gzipSync(good), 'backup_unrecognized', /not a Vellum backup/);
    const otherTar = await repack(good, (name, data) => (name === HEADER_ENTRY ? null : data));
    await expectRefused(otherTar, 'backup_unrecognized', /starts with/);
  });

  it('refuses an archive of a newer schema, naming both versions', async () => {
    const future = (json: Record<string, unknown>) => {
      json.schema = { tag: '0042_future', index: 42 };
    };
    const newer = await repack(good, (name, data) =>
      name === HEADER_ENTRY || name === MANIFEST_ENTRY ? editJson(data, future) : data,
    );
    await expectRefused(
      newer,
      'backup_schema_newer',
      new RegExp(`newer version of Vellum.*0042_future.*${knownMigrations().at(-1)?.tag}`),
    );
  });

  it('refuses an archive of a newer format', async () => {
    const newer = await repack(good, (name, data) =>
      name === HEADER_ENTRY ? editJson(data, (j) => Object.assign(j, { formatVersion: 9 })) : data,
    );
    await expectRefused(newer, 'backup_format_newer', /format 9/);
  });

  it('still restores the good archive afterwards', async () => {
    const res = await restoreArchive(good);
    expect(res.statusCode, res.body).toBe(200);
  });
});
