import type { Writable } from 'node:stream';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/client.ts';
import { signManifest } from '../../domain/backup-signature.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { LocalDiskStore } from '../../storage/local-disk.ts';
import type { SigningKey } from '../evidence/deployment-keys.ts';
import { dumpDatabase } from './dump-database.ts';
import { readLocalFiles } from './local-files-reader.ts';
import {
  type BackupHeader,
  FILES_PREFIX,
  FORMAT,
  FORMAT_VERSION,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  type Manifest,
  SIGNATURE_ENTRY,
} from './manifest.ts';
import { storedKeys } from './stored-keys.ts';
import { TarWriter } from './tar-writer.ts';

export interface BackupProgress {
  stage: 'database' | 'files' | 'done';
  /** The part of the slower of the two, rows dumped and files copied, that is done. */
  percent: number;
}

export interface WriteBackupOptions {
  database: Database;
  storage: BlobStore;
  out: Writable;
  id: string;
  /** createdAt and completedAt come from the injected clock. */
  clock: Clock;
  /** The deployment's key: the manifest is signed with it (docs/OPERATIONS.md, "The archive"). */
  signing: SigningKey;
  onProgress?: (p: BackupProgress) => void;
}

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
  // Both halves run at once: the archive is complete when the slower one is.
  const progress = { rows: 0, rowsDone: 0, files: -1, filesDone: 0, dumping: true };
  const report = (stage: BackupProgress['stage']) => {
    const rows = progress.rows > 0 ? progress.rowsDone / progress.rows : 1;
    const files = progress.files < 0 ? 0 : progress.files > 0 ? progress.filesDone / progress.files : 1;
    const percent = stage === 'done' ? 100 : Math.min(99, Math.floor(Math.min(rows, files) * 100));
    options.onProgress?.({ stage, percent });
  };
  let header: BackupHeader | undefined;
  let copying: Promise<CopiedFiles> | undefined;
  // The first failure of either side stops the other at its next entry.
  const stop: { error?: unknown } = {};
  const fail = (err: unknown) => {
    stop.error ??= err;
    throw err;
  };
  const copyHooks: CopyHooks = {
    tar,
    stop,
    mtime: TarWriter.mtime(at),
    onListed: (files) => {
      progress.files = files;
      report('database');
    },
    onFiles: (files) => {
      progress.filesDone += files;
      report(progress.dumping ? 'database' : 'files');
    },
  };

  const tables = await dumpDatabase(database.db, {
    onSnapshot: async (schema, rows, tx) => {
      header = headerFor(id, at, database.kind, schema);
      await tar.add(HEADER_ENTRY, Buffer.from(JSON.stringify(header, null, 2)), false);
      progress.rows = rows;
      report('database');
      // Every file a row of the snapshot names exists (files are written before their row
      // commits), unless the cleanup removed it since: such a file is listed as vanished.
      const keys = await storedKeys(tx);
      copyHooks.onListed(keys.length);
      copying = (
        storage instanceof LocalDiskStore
          ? copyLocalFiles(storage.root, keys, copyHooks)
          : copyFiles(storage, keys, copyHooks)
      ).catch(fail);
      copying.catch(() => undefined); // awaited below, once the dump is done
    },
    emit: async (name, data) => {
      if (stop.error) throw stop.error;
      await tar.add(name, data);
    },
    onRows: (rows) => {
      progress.rowsDone += rows;
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
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  await tar.add(MANIFEST_ENTRY, manifestBytes, false);
  const signature = signManifest(manifestBytes, options.signing);
  await tar.add(SIGNATURE_ENTRY, Buffer.from(JSON.stringify(signature)), false);
  await tar.end();
  report('done');
  return manifest;
}

interface CopiedFiles {
  count: number;
  bytes: number;
  vanishedFiles: string[];
}

interface CopyHooks {
  tar: TarWriter;
  stop: { error?: unknown };
  /** The archive's header time, in seconds. */
  mtime: number;
  onListed: (files: number) => void;
  onFiles: (files: number) => void;
}

/** Appends every file of a local store as the worker encoded them; stops at the dump's failure. */
async function copyLocalFiles(root: string, keys: string[], hooks: CopyHooks): Promise<CopiedFiles> {
  const { tar, stop } = hooks;
  const copied: CopiedFiles = { count: 0, bytes: 0, vanishedFiles: [] };
  const reading = readLocalFiles({ root, keys, entryPrefix: FILES_PREFIX, mtime: hooks.mtime });
  for await (const { encoded, entries, vanished } of reading) {
    if (stop.error) throw stop.error;
    await tar.addEncoded(encoded, entries);
    copied.vanishedFiles.push(...vanished);
    copied.count += entries.length;
    for (const entry of entries) copied.bytes += entry.size;
    hooks.onFiles(entries.length + vanished.length);
  }
  return copied;
}

/** Appends every named file to the archive, in order; stops at the dump's failure. */
async function copyFiles(storage: BlobStore, keys: string[], hooks: CopyHooks): Promise<CopiedFiles> {
  const { tar, stop } = hooks;
  const copied: CopiedFiles = { count: 0, bytes: 0, vanishedFiles: [] };
  for await (const { key, data } of readFiles(storage, keys)) {
    if (stop.error) throw stop.error;
    if (data === null) {
      copied.vanishedFiles.push(key);
    } else {
      await tar.add(`${FILES_PREFIX}${key}`, data);
      copied.count++;
      copied.bytes += data.length;
    }
    hooks.onFiles(1);
  }
  return copied;
}

/** Reads stored files a few at a time, in order; a file removed since the listing reads as null. */
async function* readFiles(
  storage: BlobStore,
  keys: string[],
): AsyncGenerator<{ key: string; data: Buffer | null }> {
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
  for (const key of keys) {
    while (next < keys.length && pending.length < READ_AHEAD) {
      pending.push(read(keys[next] as string));
      next++;
    }
    const data = await (pending.shift() as Promise<Buffer | null>);
    yield { key, data };
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
