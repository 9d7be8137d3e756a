import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';
import { type LocalS3, startLocalS3 } from '../testing/s3.ts';
import { S3Store } from './s3.ts';

// The whole image path (upload, derived files, reads, permanent removal) on object storage.
let s3: LocalS3;
let t: TestApp<S3Store>;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  s3 = await startLocalS3();
  t = await startTestApp({}, new S3Store(s3.options('deployment-1/')));
  clinic = await seedAccount(t, 'Object Storage Clinic');
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

async function objectKeys(): Promise<string[]> {
  const res = await t.storage.client.send(
    new ListObjectsV2Command({ Bucket: t.storage.options.bucket, Prefix: t.storage.options.prefix }),
  );
  return (res.Contents ?? []).map((o) => o.Key ?? '');
}

describe('images on an S3-compatible store', () => {
  it('reports the store ready', async () => {
    const res = await t.app.inject({ url: '/readyz' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('stores the original, preview and thumbnail as objects and serves them back', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 's3-1' });
    const before = (await objectKeys()).length;
    const res = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'a.jpg', data: await makeJpeg(320, 240) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect((await objectKeys()).length - before).toBe(3);
    const image = res.json().created[0];
    for (const size of ['original', 'preview', 'thumbnail']) {
      const file = await t.app.inject({
        url: `/api/images/${image.id}/file?size=${size}`,
        headers: clinic.clinician.headers,
      });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^image\//);
      expect(file.rawPayload.length).toBeGreaterThan(100);
    }
  });

  it('removes every object of a patient deleted under the permanent policy', async () => {
    const root = await createSuperAdmin(t);
    const policy = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { deletionPolicy: 'permanent', confirmPolicyChange: true },
    });
    expect(policy.statusCode, policy.body).toBe(200);
    const p = await createPatient(t, clinic.clinician, { uniqueId: 's3-gone' });
    const before = await objectKeys();
    await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'b.jpg', data: await makeJpeg(200, 100) },
      { filename: 'c.jpg', data: await makeJpeg(100, 200) },
    ]);
    expect((await objectKeys()).length).toBe(before.length + 6);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/patients/${p.id}`,
      headers: clinic.clinician.headers,
      payload: { reason: 'duplicate', confirmation: 'delete s3-gone' },
    });
    expect(del.statusCode, del.body).toBe(200);
    expect((await objectKeys()).sort()).toEqual([...before].sort());
  });
});
