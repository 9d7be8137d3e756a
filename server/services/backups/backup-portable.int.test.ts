import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { deploymentState, seedDeployment, storedBackup, withAuditUpTo } from '../../testing/backups.ts';
import { createSuperAdmin, startTestApp, type TestApp } from '../../testing/harness.ts';
import { backupKey } from './create-backup.ts';

// The dump is portable: a backup of the embedded database restores into PostgreSQL and back, the
// way a practice moves from a laptop to a server. Needs DATABASE_URL (CI's PostgreSQL run).

const url = process.env.DATABASE_URL;

/** An app on the embedded database even when DATABASE_URL is set. */
async function startEmbedded(): Promise<TestApp> {
  delete process.env.DATABASE_URL;
  try {
    return await startTestApp();
  } finally {
    process.env.DATABASE_URL = url;
  }
}

async function moveTo(from: TestApp, to: TestApp) {
  const id = await storedBackup(from);
  await to.storage.put(backupKey(id), await buffer(await from.storage.get(backupKey(id))));
  const operator = await createSuperAdmin(to, 'mover@vellum.test');
  const res = await to.app.inject({
    method: 'POST',
    url: `/api/admin/backups/${id}/restore`,
    headers: operator.headers,
    payload: { confirmation: `restore backup ${id}` },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe.runIf(Boolean(url))('a backup moves between engines', () => {
  it('from the embedded database to PostgreSQL and back, row for row and byte for byte', async () => {
    const laptop = await startEmbedded();
    const server = await startTestApp();
    const back = await startEmbedded();
    try {
      expect([laptop.database.kind, server.database.kind, back.database.kind]).toEqual([
        'embedded',
        'postgres',
        'embedded',
      ]);
      const seeded = await seedDeployment(laptop);
      const original = await deploymentState(laptop.database, laptop.storage);
      const events = original.tables.audit_events?.length ?? 0;

      await moveTo(laptop, server);
      expect(withAuditUpTo(await deploymentState(server.database, server.storage), events)).toEqual(original);
      const verify = await server.app.inject({
        method: 'GET',
        url: '/api/audit/verify',
        headers: seeded.root.headers,
      });
      expect(verify.json()).toMatchObject({ intact: true });

      await moveTo(server, back);
      expect(withAuditUpTo(await deploymentState(back.database, back.storage), events)).toEqual(original);
      const me = await back.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: seeded.clinic.clinician.headers,
      });
      expect(me.statusCode).toBe(200);
    } finally {
      await Promise.all([laptop.close(), server.close(), back.close()]);
    }
  });
});
