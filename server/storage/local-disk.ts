import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { access, mkdir, open, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.ts';
import { openFileSink } from './file-sink.ts';

/** A write in progress (`<key>.<12 hex>.tmp`) is not a stored file yet. */
const TEMPORARY = /\.[0-9a-f]{12}\.tmp$/;
const WALK_TURN = 1000;
const FOLDERS_IN_FLIGHT = 32;

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null; // removed since the directory was read
  }
}

/** Files under <dataDir>/files; writes go to a temporary name first so a crash never leaves half a file. */
export class LocalDiskStore implements BlobStore {
  constructor(readonly root: string) {}

  private file(key: string) {
    assertKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions = {}): Promise<void> {
    const target = this.file(key);
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    // The orphan sweep removes empty record folders: one that goes between the mkdir and the open
    // is made again.
    const openTemporary = async (attempts: number): Promise<Writable> => {
      await mkdir(path.dirname(target), { recursive: true });
      return openFileSink(tmp, { flags: 'w', mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' && attempts > 1) return openTemporary(attempts - 1);
        throw err;
      });
    };
    try {
      await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, await openTemporary(3));
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

  /** Synchronous underneath, like list(): small files, read by the hundred thousand in a backup. */
  async read(key: string): Promise<Buffer> {
    return readFileSync(this.file(key));
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

  /**
   * Removes the files and then the folders that held them where that left them empty (a record's
   * folder goes with its last file; the orphan sweep would otherwise open it). Many removals are
   * in flight on libuv's threads: a slow disk's latency overlaps, and the event loop stays free for
   * requests (synchronous unlinks blocked it for seconds on a loaded disk).
   */
  async removeMany(keys: string[]): Promise<void> {
    const ignore =
      (...codes: string[]) =>
      (err: NodeJS.ErrnoException) => {
        if (!codes.includes(err.code ?? '')) throw err;
      };
    // A folder at a time (its files together, then the folder), several folders at once: faster
    // on disk than all the files first and the folders after (docs/PERFORMANCE.md, cleanup).
    const folders = new Map<string, string[]>();
    for (const key of keys) {
      const file = this.file(key);
      const dir = path.dirname(file);
      const files = folders.get(dir);
      if (files) files.push(file);
      else folders.set(dir, [file]);
    }
    const queue = [...folders];
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const [dir, files] = queue[next++] as [string, string[]];
        await Promise.all(files.map((f) => unlink(f).catch(ignore('ENOENT'))));
        if (dir !== this.root) await rmdir(dir).catch(ignore('ENOENT', 'ENOTEMPTY', 'EEXIST'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(FOLDERS_IN_FLIGHT, queue.length) }, worker));
  }

  async list(prefix: string): Promise<StoredBlob[]> {
    return this.walk(prefix, false);
  }

  async listFolders(prefix: string): Promise<string[]> {
    assertKey(prefix);
    try {
      return readdirSync(path.join(this.root, prefix), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Removes the folder of `prefix` if it is empty (what the cleanup leaves of a removed record). */
  async removeEmptyFolder(prefix: string): Promise<void> {
    assertKey(prefix);
    await rmdir(path.join(this.root, prefix)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT' && err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  }

  /** Writes a killed process never finished: their temporary files, left behind by the kill. */
  async removeAbandoned(before: Date, prefix: string): Promise<number> {
    let removed = 0;
    for (const blob of await this.walk(prefix, true)) {
      if (blob.modifiedAt >= before) continue; // may still be being written
      await rm(path.join(this.root, blob.key), { force: true });
      removed++;
    }
    return removed;
  }

  /** Complete files, or (`temporaries`) only the temporary files of writes in progress or abandoned. */
  private async walk(prefix: string, temporaries: boolean): Promise<StoredBlob[]> {
    if (prefix) assertKey(prefix);
    // Only the directory that holds the prefix is walked: "backups/" never reads the image tree.
    const base = prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const found: StoredBlob[] = [];
    // Synchronous calls, a few microseconds each, with a turn for other work every WALK_TURN
    // entries: the promise API's thread hop costs ten times more per file, and a backup lists
    // hundreds of thousands of files (docs/PERFORMANCE.md, backup).
    let sinceTurn = 0;
    const walk = async (dir: string) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(path.join(this.root, dir), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        if (++sinceTurn >= WALK_TURN) {
          sinceTurn = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
        const key = dir + e.name;
        if (e.name.startsWith('.') || (e.isFile() && TEMPORARY.test(e.name) !== temporaries)) continue;
        if (e.isDirectory()) {
          if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) await walk(`${key}/`);
        } else if (e.isFile() && key.startsWith(prefix)) {
          const s = statOrNull(path.join(this.root, key));
          if (s) found.push({ key, size: s.size, modifiedAt: s.mtime });
        }
      }
    };
    await walk(base);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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
