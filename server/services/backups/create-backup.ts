import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Evidence } from '../evidence/evidence.ts';
import { writeCheckpoint } from '../evidence/write-checkpoint.ts';
import { type BackupKey, canEncrypt, encryptInto, noServerKeyMessage } from './backup-crypto.ts';
import { type BackupJob, backupJobs, FAILED_KEPT } from './backup-jobs.ts';
import { BACKUPS_PREFIX, backupId } from './manifest.ts';
import { writeBackup } from './write-backup.ts';

export const backupKey = (id: string) => `${BACKUPS_PREFIX}${id}.tar`;

export interface StoredBackupOptions {
  trigger: BackupJob['trigger'];
  /** Signs the manifest; the backup is also a checkpoint. */
  evidence: Evidence;
  /** The server's backup key (VELLUM_BACKUP_PASSPHRASE or _RECIPIENT): stored backups are always encrypted. */
  key: BackupKey | undefined;
}

/**
 * `POST /api/admin/backups` and the daily schedule: starts a backup into the blob store under
 * backups/<id>.tar, encrypted (age) to the server's backup key and signed, and answers at once; the
 * job's percentage is read from the list meanwhile. The store shows the key only when the archive
 * is complete (a rename on disk, a completed upload). Without a key nothing is written: the refusal
 * says how to set one. Returns the job and a promise of its end (the scheduler waits for it).
 */
export async function createBackup(
  ctx: Ctx,
  database: Database,
  storage: BlobStore,
  actor: Actor,
  options: StoredBackupOptions,
) {
  requireCapability(actor, 'backups.manage');
  const { trigger, evidence, key } = options;
  if (!key || !canEncrypt(key)) {
    const refusal = new AppError(422, 'backup_key_missing', noServerKeyMessage);
    await recordAuditAlone(ctx, actor, {
      action: 'backup.failed',
      accountId: null,
      targetType: 'backup',
      details: { trigger, code: refusal.code, message: refusal.message },
    });
    throw refusal;
  }
  const registry = backupJobs(storage);
  const running = [...registry.jobs.values()].find((j) => j.status === 'running');
  if (running) {
    throw new AppError(409, 'backup_in_progress', `Backup ${running.id} is being written; wait for it.`, {
      id: running.id,
    });
  }
  const now = ctx.clock.now();
  const job: BackupJob = {
    id: backupId(now, randomBytes(4).toString('hex')),
    createdAt: now.toISOString(),
    status: 'running',
    percent: 0,
    trigger,
  };
  registry.jobs.set(job.id, job);
  const done = run(ctx, database, storage, actor, job, evidence, key).finally(() =>
    registry.pending.delete(done),
  );
  registry.pending.add(done);
  return { job: { ...job }, done };
}

async function run(
  ctx: Ctx,
  database: Database,
  storage: BlobStore,
  actor: Actor,
  job: BackupJob,
  evidence: Evidence,
  key: BackupKey,
) {
  const registry = backupJobs(storage);
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const upload = storage.put(backupKey(job.id), out, { durable: true });
  upload.catch(() => undefined); // awaited below
  try {
    // Encrypted as it streams: the tar goes into `plain`, age chunks into the upload.
    const sealed = await encryptInto(out, key);
    const manifest = await writeBackup({
      database,
      storage,
      out: sealed.plain,
      id: job.id,
      clock: ctx.clock,
      signing: evidence.keys.signing,
      onProgress: (p) => {
        job.percent = p.percent;
      },
    }).catch((err) => {
      out.destroy(err); // the store drops the partial upload
      throw err;
    });
    sealed.plain.end();
    await sealed.done;
    out.end();
    await upload;
    registry.jobs.delete(job.id);
    await recordAuditAlone(ctx, actor, {
      action: 'backup.created',
      accountId: null,
      targetType: 'backup',
      details: { backupId: job.id, trigger: job.trigger, files: manifest.files.count, encrypted: true },
    });
    // Every backup is also a checkpoint: the chain that it carries is signed outside the database.
    await writeCheckpoint(ctx, evidence);
    return { ok: true as const, id: job.id };
  } catch (err) {
    const e = err as Error & { code?: string };
    const full = e.code === 'ENOSPC' || e.code === 'EDQUOT';
    job.status = 'failed';
    job.error = full
      ? { code: 'disk_full', message: 'The disk filled up while the backup was written; nothing was kept.' }
      : { code: err instanceof AppError ? err.code : 'backup_failed', message: e.message.slice(0, 500) };
    const failed = [...registry.jobs.values()].filter((j) => j.status === 'failed');
    for (const old of failed.slice(0, Math.max(0, failed.length - FAILED_KEPT))) registry.jobs.delete(old.id);
    await recordAuditAlone(ctx, actor, {
      action: 'backup.failed',
      accountId: null,
      targetType: 'backup',
      details: { backupId: job.id, trigger: job.trigger, ...job.error },
    }).catch(() => undefined);
    return { ok: false as const, id: job.id, error: job.error };
  }
}
