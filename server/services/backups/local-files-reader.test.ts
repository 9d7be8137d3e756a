import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { extract } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from '../../storage/local-disk.ts';
import { type EncodedFiles, readLocalFiles } from './local-files-reader.ts';
import { TarWriter } from './tar-writer.ts';

const root = mkdtempSync(path.join(tmpdir(), 'vreader-'));
const store = new LocalDiskStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = async (from: string, keys: string[]) => {
  const batches: EncodedFiles[] = [];
  for await (const b of readLocalFiles({ root: from, keys, entryPrefix: 'files/', mtime: 1_700_000_000 })) {
    batches.push(b);
  }
  return batches;
};

/** The batches appended to an archive as the backup does, then read back by tar-stream. */
async function unpack(batches: EncodedFiles[]) {
  const out = new PassThrough();
  const done = buffer(out);
  const writer = new TarWriter(out, new Date(1_700_000_000_000));
  for (const b of batches) await writer.addEncoded(b.encoded, b.entries);
  await writer.end();
  out.end();
  const files = new Map<string, Buffer>();
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    buffer(stream).then((data) => {
      files.set(header.name, data);
      next();
    }, next);
  });
  const finished = new Promise<void>((resolve, reject) => {
    ex.on('finish', () => resolve());
    ex.on('error', reject);
  });
  Readable.from([await done]).pipe(ex);
  await finished;
  return { files, entries: writer.entries };
}

describe('reading a local store in two workers', () => {
  it('encodes every named file as an archive entry with its SHA-256, in order, across batches', async () => {
    // Sizes that fill several 1 MiB batches, an empty file, one larger than a batch.
    const sizes = [0, 1, 511, 512, 300_000, 700_000, 2_500_000, 5, 64 * 1024];
    const written = new Map<string, Buffer>();
    for (const [i, size] of sizes.entries()) {
      const key = `accounts/${'a'.repeat(36)}/images/${String(i).padStart(36, '0')}/original.jpg`;
      const data = randomBytes(size);
      await store.put(key, data);
      written.set(key, data);
    }
    const keys = [...written.keys()];
    const batches = await read(root, keys);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    const { files, entries } = await unpack(batches);
    expect(entries.map((e) => e.name)).toEqual(keys.map((k) => `files/${k}`));
    for (const [key, want] of written) {
      expect(files.get(`files/${key}`)?.equals(want)).toBe(true);
      expect(entries.find((e) => e.name === `files/${key}`)).toEqual({
        name: `files/${key}`,
        size: want.length,
        sha256: createHash('sha256').update(want).digest('hex'),
      });
    }
  });

  it("takes the two workers' chunks back in the keys' order", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vreader-chunks-'));
    try {
      const many = new LocalDiskStore(dir);
      const written = new Map<string, Buffer>();
      // 1,100 files: five chunks, alternately read by the two workers, named in no sorted order.
      for (let i = 0; i < 1100; i++) {
        const key = `accounts/a/images/${String((i * 7919) % 370).padStart(4, '0')}/f${i}.webp`;
        const data = randomBytes(1 + (i % 900));
        await many.put(key, data);
        written.set(key, data);
      }
      const keys = [...written.keys()];
      const batches = await read(dir, keys);
      expect(batches.flatMap((b) => b.entries).map((e) => e.name)).toEqual(keys.map((k) => `files/${k}`));
      const { files } = await unpack(batches);
      for (const [key, want] of written) expect(files.get(`files/${key}`)?.equals(want)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a file removed before its read as vanished', async () => {
    await store.put('images/gone/original.jpg', randomBytes(10));
    await store.put('images/kept/original.jpg', randomBytes(10));
    await store.remove('images/gone/original.jpg');
    const batches = await read(root, ['images/gone/original.jpg', 'images/kept/original.jpg']);
    expect(batches.flatMap((b) => b.vanished)).toEqual(['images/gone/original.jpg']);
    expect(batches.flatMap((b) => b.entries).map((e) => e.name)).toEqual(['files/images/kept/original.jpg']);
  });

  it('fails with the error of a file it cannot read', async () => {
    await store.put('images/x/original.jpg', randomBytes(10));
    await expect(read(root, ['images/x'])).rejects.toThrow(/EISDIR/); // a folder
  });
});
