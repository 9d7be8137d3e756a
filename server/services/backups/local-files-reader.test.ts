import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from '../../storage/local-disk.ts';
import { readLocalFiles } from './local-files-reader.ts';

const root = mkdtempSync(path.join(tmpdir(), 'vreader-'));
const store = new LocalDiskStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reading a local store in a worker', () => {
  it('gives every file in listing order with its SHA-256, across batches, and null for one removed since', async () => {
    // Sizes that fill several 1 MiB batches, an empty file, and one that goes after the listing.
    const sizes = [0, 1, 511, 512, 300_000, 700_000, 1_100_000, 5, 64 * 1024];
    const written = new Map<string, Buffer>();
    for (const [i, size] of sizes.entries()) {
      const key = `images/${String(i).padStart(2, '0')}/original.jpg`;
      const data = randomBytes(size);
      await store.put(key, data);
      written.set(key, data);
    }
    const listed = await store.list('');
    await store.remove('images/03/original.jpg');

    const read = [];
    for await (const file of readLocalFiles(root, listed)) read.push(file);
    expect(read.map((f) => f.key)).toEqual(listed.map((f) => f.key));
    for (const file of read) {
      if (file.key === 'images/03/original.jpg') {
        expect(file.data).toBeNull();
        continue;
      }
      const want = written.get(file.key) as Buffer;
      expect(file.data?.equals(want)).toBe(true);
      expect(file.sha256).toBe(createHash('sha256').update(want).digest('hex'));
    }
  });

  it('fails with the error of a file it cannot read', async () => {
    const listed = [{ key: 'images', size: 0, modifiedAt: new Date() }]; // a directory: EISDIR
    const reading = async () => {
      for await (const _ of readLocalFiles(root, listed)) {
        // nothing: the read fails first
      }
    };
    await expect(reading()).rejects.toThrow(/EISDIR/);
  });
});
