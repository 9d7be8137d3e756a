import { randomUUID } from 'node:crypto';
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuperAdmin, seedAccount, startTestApp, type TestApp } from '../../testing/harness.ts';
import { seedRecords, storedFilesOf } from '../../testing/lifecycle.ts';
import { ORPHAN_AGE_MS } from './sweep-orphan-files.ts';

// A process killed between writing an upload's files and committing its rows leaves files that no
// row names; the cleanup removes them once they are old enough not to be an upload in progress.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function leftover(key: string, ageMs: number) {
  await t.storage.put(key, Buffer.from('pixels of a patient'));
  const when = new Date(Date.now() - ageMs);
  utimesSync(path.join(t.storage.root, key), when, when);
}

describe('the cleanup sweeps stored files no record names', () => {
  it('removes old leftovers of images and signatures, and keeps fresh ones and every referenced file', async () => {
    const clinic = await seedAccount(t, 'Sweep Clinic');
    const root = await createSuperAdmin(t);
    const kept = await seedRecords(t, clinic.clinician, 'sweep-1', { entries: 0, images: 1 });
    const acc = clinic.account.id;
    const oldImage = `accounts/${acc}/images/${randomUUID()}`;
    const oldSignature = `accounts/${acc}/consents/${randomUUID()}/signature.png`;
    const freshImage = `accounts/${acc}/images/${randomUUID()}/original.jpg`;
    await leftover(`${oldImage}/original.jpg`, ORPHAN_AGE_MS + 60_000);
    await leftover(`${oldImage}/thumbnail.webp`, ORPHAN_AGE_MS + 60_000);
    await leftover(oldSignature, 2 * ORPHAN_AGE_MS);
    await leftover(freshImage, 60_000);
    // The kept image's own files are as old as the leftovers: age alone must not remove them.
    for (const key of storedFilesOf(t, ...kept.imageIds)) {
      const when = new Date(Date.now() - 2 * ORPHAN_AGE_MS);
      utimesSync(path.join(t.storage.root, key), when, when);
    }

    const res = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().removed.files).toBe(3);
    expect(res.json().failures).toEqual([]);
    expect(await t.storage.exists(`${oldImage}/original.jpg`)).toBe(false);
    expect(await t.storage.exists(`${oldImage}/thumbnail.webp`)).toBe(false);
    expect(await t.storage.exists(oldSignature)).toBe(false);
    expect(await t.storage.exists(freshImage)).toBe(true);
    expect(storedFilesOf(t, ...kept.imageIds)).toHaveLength(3);
    const image = await t.app.inject({
      url: `/api/images/${kept.imageIds[0]}/file?size=original`,
      headers: clinic.clinician.headers,
    });
    expect(image.statusCode).toBe(200);
  });
});
