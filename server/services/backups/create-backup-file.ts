import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { openFileSink } from '../../storage/file-sink.ts';
import { requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Evidence } from '../evidence/evidence.ts';
import { writeCheckpoint } from '../evidence/write-checkpoint.ts';
import { type BackupKey, canEncrypt, encryptInto, noKeyMessage } from './backup-crypto.ts';
import { backupId } from './manifest.ts';
import { type BackupProgress, writeBackup } from './write-backup.ts';

/**
 * `vellum backup create --out FILE`: the archive goes to a temporary name beside FILE, is flushed
 * to disk and only then renamed to FILE, so a file of that name is always a complete archive. On
 * any failure (a full disk, a database error) the temporary file is removed and nothing is left.
 */
export async function createBackupFile(
  ctx: Ctx,
  database: Database,
  storage: BlobStore,
  actor: Actor,
  options: {
    file: string;
    onProgress?: (p: BackupProgress) => void;
    evidence: Evidence;
    /** Encrypts the archive to it; without one, `unencrypted` must say so explicitly. */
    key?: BackupKey;
    unencrypted?: boolean;
  },
) {
  requireCapability(actor, 'backups.manage');
  if (!options.unencrypted && !canEncrypt(options.key)) {
    throw new AppError(
      422,
      'backup_key_missing',
      `${noKeyMessage} Or add --unencrypted to write a plain archive.`,
    );
  }
  const file = path.resolve(options.file);
  const id = backupId(ctx.clock.now(), randomBytes(4).toString('hex'));
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`,
  );
  let out: Writable | undefined;
  try {
    // A few MiB queued keep the disk busy while the database dump has the thread.
    out = await openFileSink(tmp, { flags: 'wx', mode: 0o600 });
    // Encrypted as it streams: the tar goes into `plain`, age chunks into the file.
    const sealed = options.unencrypted || !options.key ? undefined : await encryptInto(out, options.key);
    const manifest = await writeBackup({
      database,
      storage,
      out: sealed?.plain ?? out,
      id,
      clock: ctx.clock,
      signing: options.evidence.keys.signing,
      onProgress: options.onProgress,
    });
    if (sealed) {
      sealed.plain.end();
      await sealed.done;
    }
    out.end();
    await finished(out);
    await fsync(tmp);
    await rename(tmp, file);
    await fsync(path.dirname(file));
    const size = manifest.entries.reduce((sum, e) => sum + e.size, 0);
    await recordAuditAlone(ctx, actor, {
      action: 'backup.created',
      accountId: null,
      targetType: 'backup',
      details: {
        backupId: id,
        target: 'file',
        files: manifest.files.count,
        bytes: size,
        encrypted: Boolean(sealed),
      },
    });
    await writeCheckpoint(ctx, options.evidence);
    return { id, file, manifest, encrypted: Boolean(sealed) };
  } catch (err) {
    out?.destroy();
    await rm(tmp, { force: true });
    await recordAuditAlone(ctx, actor, {
      action: 'backup.failed',
      accountId: null,
      targetType: 'backup',
      details: { backupId: id, message: (err as Error).message.slice(0, 500) },
    }).catch(() => undefined);
    throw diskError(err, file);
  }
}

/** A full disk or a missing folder is the operator's to fix: say so plainly. */
export function diskError(err: unknown, where: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new AppError(
      507,
      'disk_full',
      `The disk is full: the backup could not be written to ${where}. Nothing was kept.`,
    );
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'EEXIST') {
    return new AppError(422, 'backup_target_unwritable', `Cannot write the backup to ${where} (${code}).`);
  }
  return err;
}

async function fsync(fileOrDir: string) {
  const handle = await open(fileOrDir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
