import type { Writable } from 'node:stream';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/client.ts';
import type { BlobStore, StoredBlob } from '../../storage/blob-store.ts';
import { LocalDiskStore } from '../../storage/local-disk.ts';
import { dumpDatabase } from './dump-database.ts';
import { type ReadFile, readLocalFiles } from './local-files-reader.ts';
import {
  BACKUPS_PREFIX,
  type BackupHeader,
  FILES_PREFIX,
  FORMAT,
  FORMAT_VERSION,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  type Manifest,
} from './manifest.ts';
import { TarWriter } from './tar-writer.ts';

export interface BackupProgress {
  stage: 'database' | 'files' | 'done';
  /** Work done and expected, in bytes: file bytes, and ROW_WEIGHT per database row. */
  done: number;
  total: number;
  percent: number;
}

export interface WriteBackupOptions {
  database: Database;
  storage: BlobStore;
  out: Writable;
  id: string;
  /** createdAt and completedAt come from the injected clock. */
  clock: Clock;
  onProgress?: (p: BackupProgress) => void;
}

const ROW_WEIGHT = 300;
/** Stored files read ahead while earlier ones are written out. */
const READ_AHEAD = 32;

/**
 * Writes one complete archive to `out`: the header, a consistent dump of the database and every
 * stored file (but the backups themselves), then the manifest. The caller owns `out` and decides
 * what a finished archive is (a rename, a completed upload); this only writes, and throws on failure.
 *
 * The files are copied while the database is dumped: both append whole entries to the one archive,
 * so chunks and files come interleaved (a restore and a verify take entries in any order between
 * the header and the manifest; chunks keep their order, parents first). The dump waits on the
 * database, the copy on the disk, and each fills the other's waits (docs/PERFORMANCE.md, backup).
 */
export async function writeBackup(options: WriteBackupOptions): Promise<Manifest> {
  const { database, storage, out, id, clock } = options;
  const at = clock.now();
  const tar = new TarWriter(out, at);
  const progress = { done: 0, total: 0, dumping: true };
  const report = (stage: BackupProgress['stage']) => {
    const ratio = progress.done / (progress.total || 1);
    const percent = stage === 'done' ? 100 : Math.min(99, Math.floor(ratio * 100));
    options.onProgress?.({ stage, done: progress.done, total: progress.total, percent });
  };
  let header: BackupHeader | undefined;
  let copying: Promise<CopiedFiles> | undefined;
  // The first failure of either side stops the other at its next entry.
  const stop: { error?: unknown } = {};
  const fail = (err: unknown) => {
    stop.error ??= err;
    throw err;
  };

  const tables = await dumpDatabase(database.db, {
    onSnapshot: async (schema, rows) => {
      header = headerFor(id, at, database.kind, schema);
      await tar.add(HEADER_ENTRY, Buffer.from(JSON.stringify(header, null, 2)), false);
      // Listed after the snapshot is taken: every file of a row in the snapshot exists by now
      // (files are written before their row commits), unless the cleanup removed it since.
      const files = (await storage.list('')).filter((f) => !f.key.startsWith(BACKUPS_PREFIX));
      progress.total = rows * ROW_WEIGHT + files.reduce((sum, f) => sum + f.size, 0);
      report('database');
      copying = copyFiles(storage, files, tar, stop, (size) => {
        progress.done += size;
        report(progress.dumping ? 'database' : 'files');
      }).catch(fail);
      copying.catch(() => undefined); // awaited below, once the dump is done
    },
    emit: async (name, data) => {
      if (stop.error) throw stop.error;
      await tar.add(name, data);
    },
    onRows: (rows) => {
      progress.done += rows * ROW_WEIGHT;
      report('database');
    },
  }).catch(fail);
  progress.dumping = false;
  if (!header || !copying) throw new Error('the database dump took no snapshot');
  report('files');
  const { count, bytes, vanishedFiles } = await copying;

  const manifest: Manifest = {
    ...header,
    completedAt: clock.now().toISOString(),
    tables,
    files: { count, bytes },
    vanishedFiles,
    entries: tar.entries,
  };
  await tar.add(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest)), false);
  await tar.end();
  report('done');
  return manifest;
}

interface CopiedFiles {
  count: number;
  bytes: number;
  vanishedFiles: string[];
}

/** Appends every listed file to the archive, in order; stops at the dump's failure. */
async function copyFiles(
  storage: BlobStore,
  files: StoredBlob[],
  tar: TarWriter,
  stop: { error?: unknown },
  onFile: (size: number) => void,
): Promise<CopiedFiles> {
  const copied: CopiedFiles = { count: 0, bytes: 0, vanishedFiles: [] };
  const reading =
    storage instanceof LocalDiskStore ? readLocalFiles(storage.root, files) : readFiles(storage, files);
  for await (const { key, size, data, sha256 } of reading) {
    if (stop.error) throw stop.error;
    if (data === null) {
      copied.vanishedFiles.push(key);
    } else {
      await tar.add(`${FILES_PREFIX}${key}`, data, true, sha256);
      copied.count++;
      copied.bytes += data.length;
    }
    onFile(size);
  }
  return copied;
}

/** Reads stored files a few at a time, in order; a file removed since the listing reads as null. */
async function* readFiles(storage: BlobStore, files: StoredBlob[]): AsyncGenerator<ReadFile> {
  const read = (key: string) => {
    const p = storage.read(key).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.name === 'NoSuchKey' || err.name === 'NotFound') return null;
      throw err;
    });
    p.catch(() => undefined); // awaited below, in order; this only keeps an early failure handled
    return p;
  };
  const pending: Promise<Buffer | null>[] = [];
  let next = 0;
  for (const file of files) {
    while (next < files.length && pending.length < READ_AHEAD) {
      pending.push(read((files[next] as StoredBlob).key));
      next++;
    }
    const data = await (pending.shift() as Promise<Buffer | null>);
    yield { key: file.key, size: file.size, data };
  }
}

export const headerFor = (
  id: string,
  at: Date,
  engine: Database['kind'],
  schema: BackupHeader['schema'],
): BackupHeader => ({
  format: FORMAT,
  formatVersion: FORMAT_VERSION,
  id,
  createdAt: at.toISOString(),
  engine,
  schema,
});
