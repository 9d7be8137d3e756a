import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../testing/s3.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalDiskStore } from './local-disk.ts';
import { S3Store } from './s3.ts';

// Every blob store keeps the same contract; the S3 one is checked against a real S3-compatible
// server on 127.0.0.1.
let s3: LocalS3;
let localDir: string;
beforeAll(async () => {
  s3 = await startLocalS3();
  localDir = mkdtempSync(path.join(tmpdir(), 'vellum-store-'));
});
afterAll(async () => {
  await s3?.close();
  rmSync(localDir, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['local disk', () => new LocalDiskStore(localDir)],
  ['S3-compatible', () => new S3Store(s3.options())],
];

describe.each(stores)('%s blob store', (_name, make) => {
  it('stores a buffer and reads it back', async () => {
    const store = make();
    const data = randomBytes(1000);
    await store.put('images/a/original.jpg', data);
    expect(await store.exists('images/a/original.jpg')).toBe(true);
    expect(await buffer(await store.get('images/a/original.jpg'))).toEqual(data);
    expect(await store.read('images/a/original.jpg')).toEqual(data);
  });

  it('stores a stream larger than one upload part unchanged', async () => {
    const store = make();
    const data = randomBytes(6 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: 7 }, (_, i) => data.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    await store.put('backups/big.bin', Readable.from(chunks));
    expect((await buffer(await store.get('backups/big.bin'))).equals(data)).toBe(true);
  });

  it('removes a key, and removing a missing key is not an error', async () => {
    const store = make();
    await store.put('images/b/thumb.webp', Buffer.from('x'));
    await store.remove('images/b/thumb.webp');
    expect(await store.exists('images/b/thumb.webp')).toBe(false);
    await expect(store.remove('images/b/thumb.webp')).resolves.toBeUndefined();
    await expect(store.get('images/b/thumb.webp')).rejects.toThrow();
    await expect(store.read('images/b/thumb.webp')).rejects.toThrow();
  });

  it('removes many keys at once, missing ones included, and leaves the others', async () => {
    const store = make();
    // More than one S3 request's worth (1,000 keys).
    const keys = Array.from({ length: 1010 }, (_, i) => `images/many/${String(i).padStart(4, '0')}.webp`);
    for (let i = 0; i < keys.length; i += 20)
      await Promise.all(keys.slice(i, i + 20).map((k) => store.put(k, Buffer.from('x'))));
    await store.put('images/many-kept/one.webp', Buffer.from('y'));
    await store.removeMany([...keys, 'images/many/never-there.webp']);
    expect(await store.list('images/many/')).toEqual([]);
    expect(await store.exists('images/many-kept/one.webp')).toBe(true);
    await expect(store.removeMany(keys.slice(0, 3))).resolves.toBeUndefined();
  }, 180_000);

  it('refuses keys that are not server-chosen', async () => {
    const store = make();
    for (const key of ['../etc/passwd', '/abs', 'a//b', 'Upper.jpg', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    }
  });

  it('lists the stored files under a prefix, sorted, with their sizes', async () => {
    const store = make();
    await store.put('listing/b/two.bin', Buffer.alloc(2));
    await store.put('listing/a/one.bin', Buffer.alloc(1));
    await store.put('listing-other/x.bin', Buffer.alloc(3), { durable: true });
    await store.put('listing/c.bin', Readable.from([Buffer.alloc(5)]), { durable: true });
    const listed = await store.list('listing/');
    expect(listed.map((b) => [b.key, b.size])).toEqual([
      ['listing/a/one.bin', 1],
      ['listing/b/two.bin', 2],
      ['listing/c.bin', 5],
    ]);
    expect(listed.every((b) => b.modifiedAt instanceof Date)).toBe(true);
    expect(await store.list('listing/nothing-here/')).toEqual([]);
    const all = (await store.list('')).map((b) => b.key);
    expect(all).toEqual(expect.arrayContaining(['listing/a/one.bin', 'listing-other/x.bin']));
    await store.remove('listing/a/one.bin');
    expect((await store.list('listing/')).map((b) => b.key)).not.toContain('listing/a/one.bin');
  });

  it('lists the folders directly under a prefix, sorted, without their files', async () => {
    const store = make();
    await store.put('folders/b/two.bin', Buffer.alloc(2));
    await store.put('folders/a/deeper/one.bin', Buffer.alloc(1));
    await store.put('folders/c.bin', Buffer.alloc(5));
    await store.put('folders-other/x/y.bin', Buffer.alloc(3));
    expect(await store.listFolders('folders/')).toEqual(['a', 'b']);
    expect(await store.listFolders('folders/a/')).toEqual(['deeper']);
    expect(await store.listFolders('folders/nothing-here/')).toEqual([]);
  });

  it('lists no half-written file', async () => {
    const store = make();
    const failing = new Readable({
      read() {
        this.destroy(new Error('source failed'));
      },
    });
    await expect(store.put('partial/a.bin', failing)).rejects.toThrow();
    expect(await store.list('partial/')).toEqual([]);
  });

  it('answers the readiness check', async () => {
    await expect(make().check()).resolves.toBeUndefined();
  });
});

describe('local-disk blob store', () => {
  it('removes the folders that removing many keys left empty, and no other', async () => {
    const store = new LocalDiskStore(localDir);
    await store.put('emptied/one/a.bin', Buffer.alloc(1));
    await store.put('emptied/one/b.bin', Buffer.alloc(1));
    await store.put('emptied/two/a.bin', Buffer.alloc(1));
    await store.put('emptied/two/b.bin', Buffer.alloc(1));
    await store.removeMany(['emptied/one/a.bin', 'emptied/one/b.bin', 'emptied/two/a.bin']);
    expect(existsSync(path.join(localDir, 'emptied/one'))).toBe(false);
    expect(await store.listFolders('emptied/')).toEqual(['two']);
    expect((await store.list('emptied/')).map((b) => b.key)).toEqual(['emptied/two/b.bin']);
  });
});

describe('S3-compatible blob store', () => {
  it('keeps deployments sharing a bucket apart by prefix', async () => {
    const a = new S3Store(s3.options('site-a/'));
    const b = new S3Store(s3.options('site-b/'));
    await a.put('images/c/original.png', Buffer.from('a'));
    expect(await b.exists('images/c/original.png')).toBe(false);
    expect(await a.exists('images/c/original.png')).toBe(true);
  });

  it('fails the readiness check when the bucket does not exist', async () => {
    const store = new S3Store({ ...s3.options(), bucket: 'no-such-bucket' });
    await expect(store.check()).rejects.toThrow();
  });
});
