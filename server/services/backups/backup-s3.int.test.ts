import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../storage/s3.ts';
import { deploymentState, seedDeployment, withAuditUpTo } from '../../testing/backups.ts';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { type LocalS3, startLocalS3 } from '../../testing/s3.ts';

// Backups in an S3-compatible store (a real s3rver on 127.0.0.1): the archive goes up in parts and
// is listed only once complete, so every instance sharing the bucket sees the same backups.

let s3: LocalS3;
let t: TestApp<S3Store>;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;

beforeAll(async () => {
  s3 = await startLocalS3();
  t = await startTestApp({}, new S3Store(s3.options('site-1/')));
  seeded = await seedDeployment(t as unknown as TestApp);
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

describe('backups in an S3-compatible store', () => {
  it('are listed by another instance on the same bucket, and restore the same rows and bytes', async () => {
    const before = await deploymentState(t.database, t.storage);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/backups',
      headers: seeded.root.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    // What another instance sees: nothing until the upload completes, then the complete archive.
    const other = new S3Store(s3.options('site-1/'));
    for (let i = 0; i < 400 && !(await other.exists(`backups/${id}.tar`)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const listed = await other.list('backups/');
    expect(listed.map((b) => b.key)).toEqual([`backups/${id}.tar`]);

    await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: seeded.clinic.clinician.headers,
      payload: { uniqueId: 'after-backup' },
    });
    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/admin/backups/${id}/restore`,
      headers: seeded.root.headers,
      payload: { confirmation: `restore backup ${id}` },
    });
    expect(restored.statusCode, restored.body).toBe(200);
    const after = await deploymentState(t.database, t.storage);
    expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
  });
});
