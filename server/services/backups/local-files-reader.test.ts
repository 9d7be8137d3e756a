import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const read = async (from: string, listed: number[] = []) => {
  const batches: EncodedFiles[] = [];
  const options = { root: from, skip: ['backups/'], entryPrefix: 'files/', mtime: 1_700_000_000 };
  for await (const b of readLocalFiles({ ...options, onListed: (n) => listed.push(n) })) batches.push(b);
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

describe('reading a local store in a worker', () => {
  it('encodes every stored file as an archive entry with its SHA-256, across batches, and skips the rest', async () => {
    // Sizes that fill several 1 MiB batches, an empty file, one larger than a batch.
    const sizes = [0, 1, 511, 512, 300_000, 700_000, 2_500_000, 5, 64 * 1024];
    const written = new Map<string, Buffer>();
    for (const [i, size] of sizes.entries()) {
      const key = `accounts/${'a'.repeat(36)}/images/${String(i).padStart(36, '0')}/original.jpg`;
      const data = randomBytes(size);
      await store.put(key, data);
      written.set(key, data);
    }
    // Not stored files: the backups, a write in progress, a dot-name.
    await store.put('backups/2026.tar', randomBytes(10));
    writeFileSync(path.join(root, 'accounts', 'x.jpg.0123456789ab.tmp'), 'partial');
    writeFileSync(path.join(root, '.lock'), '1');

    const listed: number[] = [];
    const batches = await read(root, listed);
    expect(listed).toEqual([sizes.length]);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    const { files, entries } = await unpack(batches);
    expect([...files.keys()].sort()).toEqual([...written.keys()].map((k) => `files/${k}`).sort());
    for (const [key, want] of written) {
      expect(files.get(`files/${key}`)?.equals(want)).toBe(true);
      const entry = entries.find((e) => e.name === `files/${key}`);
      expect(entry).toEqual({
        name: `files/${key}`,
        size: want.length,
        sha256: createHash('sha256').update(want).digest('hex'),
      });
    }
    // Equal to what list() gives, in the same order.
    const stored = (await store.list('')).filter((f) => !f.key.startsWith('backups/'));
    expect(entries.map((e) => e.name)).toEqual(stored.map((f) => `files/${f.key}`));
  });

  it('names a file removed between the listing and its read as vanished', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vreader-gone-'));
    try {
      // More bytes than the worker may read ahead of the archive (8 batches of about 1 MiB), so it
      // cannot reach the last file before it is removed, as the listing is told.
      mkdirSync(path.join(dir, 'a'));
      mkdirSync(path.join(dir, 'z'));
      for (let i = 0; i < 120; i++) writeFileSync(path.join(dir, 'a', `f${i}`), randomBytes(100_000));
      writeFileSync(path.join(dir, 'z', 'last'), 'x');
      const batches: EncodedFiles[] = [];
      const options = { root: dir, skip: [], entryPrefix: '', mtime: 0 };
      const listed = () => rmSync(path.join(dir, 'z', 'last'));
      for await (const b of readLocalFiles({ ...options, onListed: listed })) batches.push(b);
      expect(batches.flatMap((b) => b.vanished)).toEqual(['z/last']);
      expect(batches.flatMap((b) => b.entries)).toHaveLength(120);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the error of a store it cannot read', async () => {
    const notAFolder = path.join(root, 'accounts', 'x.jpg.0123456789ab.tmp');
    await expect(read(notAFolder)).rejects.toThrow(/ENOTDIR/);
  });
});
