import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  putStoredArchive,
  readStoredArchive,
  repack,
  seedDeployment,
  storedBackup,
} from '../../testing/backups.ts';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { read } from '../../testing/lifecycle.ts';
import { HEADER_ENTRY, MANIFEST_ENTRY } from './manifest.ts';

// An archive made before migration 0008 stores each activity event's expiry (expires_at) rather
// than the deletion time it counts from (expiry_base). It is still restored: the old column is left
// out and every event's base is derived again from the restored records.

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;

beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedDeployment(t);
});
afterAll(() => t?.close());

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const OLD_SCHEMA = { tag: '0006_removal_indexes', index: 6 };

/** The archive as the previous schema wrote it: expires_at in place of expiry_base. */
async function asBeforeExpiryBase(archive: Buffer): Promise<Buffer> {
  const changed = new Map<string, Buffer>();
  const edit = (name: string, data: Buffer) => {
    changed.set(name, data);
    return data;
  };
  return repack(
    archive,
    (name, data) => {
      if (name === HEADER_ENTRY) {
        const header = JSON.parse(data.toString('utf8'));
        return edit(name, Buffer.from(JSON.stringify({ ...header, schema: OLD_SCHEMA })));
      }
      if (name.startsWith('db/audit_events/')) {
        const lines = data
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const { expiry_base: base, ...row } = JSON.parse(line);
            // Whatever the old archive says, the expiry is derived again on restore.
            return JSON.stringify({ ...row, expires_at: base ? '2099-01-01T00:00:00+00:00' : null });
          });
        return edit(name, Buffer.from(`${lines.join('\n')}\n`));
      }
      if (name === MANIFEST_ENTRY) {
        const manifest = JSON.parse(data.toString('utf8'));
        manifest.schema = OLD_SCHEMA;
        for (const table of manifest.tables)
          if (table.name === 'audit_events')
            table.columns = table.columns.map((c: string) => (c === 'expiry_base' ? 'expires_at' : c));
        for (const entry of manifest.entries) {
          const body = changed.get(entry.name);
          if (body) Object.assign(entry, { size: body.length, sha256: sha256(body) });
        }
        return Buffer.from(JSON.stringify(manifest));
      }
      return data;
      // Signed again, as the deployment that wrote the older archive signed it.
    },
    t.evidence.keys.signing,
  );
}

describe('an archive from before activity expiry bases', () => {
  it('restores with each event expiring as before, derived from the restored records', async () => {
    const expiries = async () =>
      Object.fromEntries(
        (await read(t, seeded.root, '/api/audit?pageSize=100&sort=expiresAt'))
          .json()
          .items.filter((e: { expiresAt: string | null }) => e.expiresAt !== null)
          .map((e: { id: string; expiresAt: string }) => [e.id, e.expiresAt]),
      );
    const before = await expiries();
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const good = await readStoredArchive(t, await storedBackup(t));
    const old = await asBeforeExpiryBase(good);
    const id = '20260102t000000z-000001';
    await putStoredArchive(t, id, old);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/backups/${id}/restore`,
      headers: seeded.root.headers,
      payload: { confirmation: `restore backup ${id}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await expiries()).toEqual(before);
    expect((await read(t, seeded.root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });
});
