import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuperAdmin, seedAccount, startTestApp, type TestApp } from '../../testing/harness.ts';
import { seedRecords, storedFilesOf } from '../../testing/lifecycle.ts';
import { ORPHAN_AGE_MS, sweepOrphanFiles } from './sweep-orphan-files.ts';

// A process killed between writing an upload's files and committing its rows leaves files that no
// row names, and half-written temporary files; the cleanup removes them once they are old enough not to be an upload in progress.
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

  it('looks only into the folders of records that do not exist, never at every stored file', async () => {
    const clinic = await seedAccount(t, 'Sweep Reads Clinic');
    const kept = await seedRecords(t, clinic.clinician, 'sweep-reads', { entries: 0, images: 3 });
    const gone = `accounts/${clinic.account.id}/images/${randomUUID()}/`;
    await leftover(`${gone}original.jpg`, 2 * ORPHAN_AGE_MS);
    // More leftovers, swept at the same time: every one is counted.
    for (let i = 0; i < 4; i++) {
      await leftover(`accounts/${clinic.account.id}/images/${randomUUID()}/preview.webp`, 2 * ORPHAN_AGE_MS);
    }
    const listed: string[] = [];
    const watched = Object.create(t.storage) as typeof t.storage;
    watched.list = (prefix) => {
      listed.push(prefix);
      return t.storage.list(prefix);
    };
    const removed = await sweepOrphanFiles({ db: t.database.db, clock: t.clock }, watched);
    expect(removed).toBe(5);
    expect(await t.storage.exists(`${gone}original.jpg`)).toBe(false);
    expect(existsSync(path.join(t.storage.root, gone))).toBe(false); // its emptied folder too
    expect(listed).toContain(gone);
    for (const id of kept.imageIds) expect(listed.some((p) => p.includes(id))).toBe(false);
    const recordFolder = /^accounts\/[0-9a-f-]{36}\/(images|consents)\/[0-9a-f-]{36}\/$/;
    expect(listed.every((p) => recordFolder.test(p))).toBe(true);
  });

  it('removes the half-written files of uploads cut off by a kill once they are old, not fresh ones', async () => {
    const root = await createSuperAdmin(t, 'root-tmp@vellum.test');
    const dir = `accounts/${randomUUID()}/images/${randomUUID()}`;
    // What LocalDiskStore.put leaves when the process dies before its rename.
    const abandoned = path.join(t.storage.root, dir, 'original.jpg.0123456789ab.tmp');
    const writing = path.join(t.storage.root, dir, 'preview.jpg.ba9876543210.tmp');
    mkdirSync(path.dirname(abandoned), { recursive: true });
    writeFileSync(abandoned, 'half a photograph');
    writeFileSync(writing, 'a photograph being written');
    const when = new Date(Date.now() - ORPHAN_AGE_MS - 60_000);
    utimesSync(abandoned, when, when);

    const res = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().removed.files).toBe(1);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(writing)).toBe(true);
  });
});
