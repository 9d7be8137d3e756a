import type { Readable } from 'node:stream';
import type { Database } from '../../db/client.ts';
import type { BackupTrust } from '../../domain/backup-signature.ts';
import { AppError, conflict } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Evidence } from '../evidence/evidence.ts';
import { keyTheChain } from '../evidence/key-chain.ts';
import { writeCheckpoint } from '../evidence/write-checkpoint.ts';
import { type BackupKey, openArchive } from './backup-crypto.ts';
import { BACKUPS_PREFIX, DB_PREFIX, FILES_PREFIX, type Manifest } from './manifest.ts';
import { readBackup } from './read-backup.ts';
import { DatabaseLoader, deploymentIsEmpty } from './restore-database.ts';
import { takeRestoreLock } from './restore-lock.ts';
import { checkRestorable, schemaVersionOf } from './schema-version.ts';

export interface RestoreOptions {
  /** Opens the archive; called twice: once to verify it whole, once to load it. */
  open: () => Promise<Readable>;
  /** Over a deployment that holds data, the caller must have asked (a phrase, a typed "yes"). */
  replaceExisting: boolean;
  onProgress?: (stage: 'verifying' | 'restoring', done: number, total: number) => void;
  /** Decrypts an encrypted archive (a plain one needs none). */
  key?: BackupKey;
  /** Whose signature the archive must carry (backupTrust: this deployment's key, or one passed). */
  trust: BackupTrust;
  /** When given, a `restore` checkpoint marks that the chain was replaced (earlier ones describe the old one). */
  evidence?: Evidence;
}

/** Stored files written at once while the rows load. */
const WRITE_AHEAD = 8;

/**
 * Restores a backup (PRODUCT.md §8) exactly as it was, deleted accounts included. Nothing changes
 * until the whole archive has been read and every checksum, the signature and the schema version
 * check out. Then
 * one transaction empties every table and loads the archive's rows while its files are written;
 * after the commit, stored files the archive does not hold are removed (never the backups). If
 * anything fails the transaction rolls back and the files it added are removed again, so the
 * running deployment is as it was. A `backup.restored` event then continues the restored chain.
 */
export async function restoreBackup(
  ctx: Ctx,
  database: Database,
  storage: BlobStore,
  actor: Actor,
  options: RestoreOptions,
) {
  requireCapability(actor, 'backups.manage');
  const release = await takeRestoreLock(database);
  try {
    let manifest: Manifest;
    try {
      const current = await schemaVersionOf(ctx.db);
      manifest = await readBackup(await openArchive(await options.open(), options.key), {
        trust: options.trust,
        onHeader: (header) => checkRestorable(header.schema, current),
        onEntry: countEntry(options, 'verifying'),
      });
      await DatabaseLoader.plan(ctx.db, manifest);
    } catch (err) {
      if (err instanceof AppError) {
        await recordAuditAlone(ctx, actor, {
          action: 'backup.restore_refused',
          accountId: null,
          targetType: 'backup',
          details: { code: err.code, message: err.message },
        });
      }
      throw err;
    }
    if (!options.replaceExisting && !(await deploymentIsEmpty(ctx.db))) {
      throw conflict(
        'confirmation_required',
        'This deployment holds data that the restore replaces. Confirm to go ahead.',
      );
    }
    const before = new Set(
      (await storage.list('')).filter((f) => !f.key.startsWith(BACKUPS_PREFIX)).map((f) => f.key),
    );
    const written: string[] = [];
    let loader: DatabaseLoader | undefined;
    try {
      await ctx.db.transaction(async (tx) => {
        loader = new DatabaseLoader(tx, manifest);
        await loader.begin();
        const writes = new Set<Promise<void>>();
        const total = manifest.entries.reduce((sum, e) => sum + e.size, 0);
        const progress = countEntry(options, 'restoring', total);
        await readBackup(await openArchive(await options.open(), options.key), {
          expected: manifest,
          trust: options.trust,
          onEntry: async (name, data) => {
            progress(name, data);
            if (name.startsWith(DB_PREFIX)) return loader?.chunk(name, data);
            const key = name.slice(FILES_PREFIX.length);
            written.push(key);
            const write = storage.put(key, data).finally(() => writes.delete(write));
            writes.add(write);
            write.catch(() => undefined); // awaited below
            if (writes.size >= WRITE_AHEAD) await Promise.race(writes);
          },
        });
        await Promise.all(writes);
        await loader.end();
      });
    } catch (err) {
      // Files that were not there before go again; files that were are the same bytes (server-chosen keys).
      for (const key of written) if (!before.has(key)) await storage.remove(key).catch(() => undefined);
      await recordAuditAlone(ctx, actor, {
        action: 'backup.restore_failed',
        accountId: null,
        targetType: 'backup',
        details: { backupId: manifest.id, message: (err as Error).message.slice(0, 500) },
      }).catch(() => undefined);
      throw err;
    }
    const kept = new Set(written);
    let removedFiles = 0;
    for (const key of before) {
      if (kept.has(key)) continue;
      await storage.remove(key);
      removedFiles++;
    }
    const result = {
      id: manifest.id,
      createdAt: manifest.createdAt,
      schema: manifest.schema.tag,
      rows: loader?.rows ?? 0,
      files: written.length,
      removedFiles,
    };
    // An archive from before the audit key continues as a keyed chain from here.
    await keyTheChain(ctx.db, ctx.clock);
    await recordAuditAlone(ctx, actor, {
      action: 'backup.restored',
      accountId: null,
      targetType: 'backup',
      details: result,
    });
    if (options.evidence) await writeCheckpoint(ctx, options.evidence, 'restore');
    return result;
  } finally {
    await release();
  }
}

/** Progress in archive bytes; the total is unknown (0) while verifying. */
function countEntry(options: RestoreOptions, stage: 'verifying' | 'restoring', total = 0) {
  let done = 0;
  return (_name: string, data: Buffer) => {
    done += data.length;
    options.onProgress?.(stage, done, total);
  };
}
