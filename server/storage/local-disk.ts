import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.ts';

/** A write in progress (`<key>.<12 hex>.tmp`) is not a stored file yet. */
const TEMPORARY = /\.[0-9a-f]{12}\.tmp$/;

/** Files under <dataDir>/files; writes go to a temporary name first so a crash never leaves half a file. */
export class LocalDiskStore implements BlobStore {
  constructor(readonly root: string) {}

  private file(key: string) {
    assertKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions = {}): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await pipeline(
        Buffer.isBuffer(data) ? Readable.from([data]) : data,
        createWriteStream(tmp, { mode: 0o600 }),
      );
      if (options.durable) await fsync(tmp);
      await rename(tmp, target);
      if (options.durable) await fsync(path.dirname(target));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    await access(file);
    return createReadStream(file);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.file(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async list(prefix: string): Promise<StoredBlob[]> {
    if (prefix) assertKey(prefix);
    // Only the directory that holds the prefix is walked: "backups/" never reads the image tree.
    const base = prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const dir = path.join(this.root, base);
    let names: string[];
    try {
      names = await readdir(dir, { recursive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const keys = names
      .map((name) => base + name.split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix) && !TEMPORARY.test(key) && !key.includes('/.'))
      .filter((key) => !key.startsWith('.'))
      .sort();
    const found: StoredBlob[] = [];
    for (let i = 0; i < keys.length; i += 64) {
      const batch = keys.slice(i, i + 64);
      const stats = await Promise.all(batch.map((key) => stat(path.join(this.root, key)).catch(() => null)));
      stats.forEach((s, j) => {
        if (s?.isFile()) found.push({ key: batch[j] as string, size: s.size, modifiedAt: s.mtime });
      });
    }
    return found;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.ready-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  }
}

async function fsync(file: string) {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
