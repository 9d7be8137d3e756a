import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentState, seedDeployment, storedBackup, withAuditUpTo } from '../../testing/backups.ts';
import { makeJpeg, upload } from '../../testing/fixtures.ts';
import { createPatient, createSuperAdmin, startTestApp, type TestApp } from '../../testing/harness.ts';
import { deleteRecord } from '../../testing/lifecycle.ts';
import { backupKey } from './create-backup.ts';

// PRODUCT.md §8 round trip, through the real API on the configured database (embedded, or
// PostgreSQL with DATABASE_URL): backup -> wipe -> restore gives back the same rows and the same
// bytes, deleted records with their original expiries, and an audit chain that still verifies.

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;

beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedDeployment(t);
});
afterAll(() => t?.close());

const get = (app: TestApp, url: string, headers: Record<string, string>) =>
  app.app.inject({ method: 'GET', url, headers });
const restore = (
  app: TestApp,
  id: string,
  headers: Record<string, string>,
  confirmation = `restore backup ${id}`,
) =>
  app.app.inject({
    method: 'POST',
    url: `/api/admin/backups/${id}/restore`,
    headers,
    payload: { confirmation },
  });

/** Starts a backup through the API and follows its percentage until it is complete. */
async function backupThroughApi(app: TestApp, headers: Record<string, string>) {
  const res = await app.app.inject({ method: 'POST', url: '/api/admin/backups', headers });
  expect(res.statusCode, res.body).toBe(201);
  const { id, status } = res.json();
  expect(status).toBe('running');
  for (let i = 0; i < 600; i++) {
    const item = (await get(app, '/api/admin/backups', headers))
      .json()
      .items.find((b: { id: string }) => b.id === id);
    expect(item.status).not.toBe('failed');
    expect(item.percent).toBeGreaterThanOrEqual(0);
    if (item.status === 'complete') {
      expect(item).toMatchObject({ percent: 100, size: expect.any(Number) });
      return id as string;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the backup did not finish');
}

describe('backup and restore', () => {
  it('restores into a wiped deployment the same rows, byte-identical files and the deleted records', async () => {
    const { clinic, root } = seeded;
    const before = await deploymentState(t.database, t.storage);
    const deletedBefore = (await get(t, '/api/deleted/patients', clinic.clinician.headers)).json();
    const itemsBefore = (
      await get(t, `/api/patients/${seeded.kept.patient.id}/deleted-items`, clinic.clinician.headers)
    ).json();
    expect(deletedBefore.items).toHaveLength(1);
    const id = await backupThroughApi(t, root.headers);
    const archive = await buffer(await t.storage.get(backupKey(id)));

    // A new, empty deployment (another database, another store): the archive is copied into its store.
    const fresh = await startTestApp();
    try {
      const operator = await createSuperAdmin(fresh, 'operator@vellum.test');
      await fresh.storage.put(backupKey(id), archive);
      const res = await restore(fresh, id, operator.headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id, files: Object.keys(before.files).length });

      const after = await deploymentState(fresh.database, fresh.storage);
      expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
      // Sessions and tokens came back with everything else: the old users work, the operator is gone.
      expect((await get(fresh, '/api/auth/me', operator.headers)).statusCode).toBe(401);
      expect((await get(fresh, '/api/deleted/patients', clinic.clinician.headers)).json()).toEqual(
        deletedBefore,
      );
      expect(
        (
          await get(fresh, `/api/patients/${seeded.kept.patient.id}/deleted-items`, clinic.clinician.headers)
        ).json(),
      ).toEqual(itemsBefore);
      const gone = await get(fresh, `/api/patients/${seeded.gone.patient.id}`, clinic.clinician.headers);
      expect(gone.statusCode).toBe(410);
      expect((await get(fresh, '/api/users', seeded.other.admin.headers)).statusCode).toBe(200);

      // The restored chain continues with the restore and still verifies.
      expect((await get(fresh, '/api/audit/verify', root.headers)).json()).toMatchObject({ intact: true });
      // (By action: the restored events carry the other deployment's clock times.)
      const audit = (await get(fresh, '/api/audit?action=backup.restored', root.headers)).json().items;
      expect(audit.map((e: { action: string }) => e.action)).toContain('backup.restored');
    } finally {
      await fresh.close();
    }
  });

  it('restores over a deployment that changed since: additions go, removals come back', async () => {
    const { clinic, root } = seeded;
    // The backup's own `backup.created` event comes after its snapshot: the state is read first.
    const before = await deploymentState(t.database, t.storage);
    const id = await storedBackup(t);

    const added = await createPatient(t, clinic.clinician, { uniqueId: 'added-later' });
    await upload(t, clinic.clinician.headers, added.id, [
      { filename: 'n.jpg', data: await makeJpeg(30, 30) },
    ]);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { deletionPolicy: 'permanent', confirmPolicyChange: true },
    });
    const removed = await deleteRecord(
      t,
      clinic.clinician,
      'patients',
      seeded.kept.patient.id,
      'delete kept-1',
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await deploymentState(t.database, t.storage)).files).not.toEqual(before.files);

    expect((await restore(t, id, root.headers, 'restore backup nope')).statusCode).toBe(422);
    const res = await restore(t, id, root.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().removedFiles).toBe(3);
    const after = await deploymentState(t.database, t.storage);
    expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
    expect(
      (await get(t, `/api/patients/${seeded.kept.patient.id}`, clinic.clinician.headers)).statusCode,
    ).toBe(200);
    expect((await get(t, '/api/audit/verify', root.headers)).json()).toMatchObject({ intact: true });
    // The backup itself survives its restore.
    expect(await t.storage.exists(backupKey(id))).toBe(true);
  });

  it('refuses a second restore while one is running', async () => {
    const id = await storedBackup(t);
    const first = restore(t, id, seeded.root.headers);
    await new Promise((r) => setImmediate(r));
    const second = await restore(t, id, seeded.root.headers);
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().error.code).toBe('restore_in_progress');
    expect((await first).statusCode).toBe(200);
  });

  it('answers 404 for a backup that does not exist', async () => {
    const res = await restore(t, '20260101t000000z-abcdef12', seeded.root.headers);
    expect(res.statusCode).toBe(404);
  });
});
