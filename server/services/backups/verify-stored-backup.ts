import { AppError, notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Evidence } from '../evidence/evidence.ts';
import { type BackupKey, openArchive } from './backup-crypto.ts';
import { backupTrust } from './backup-trust.ts';
import { backupKey } from './create-backup.ts';
import { BACKUP_ID, type Manifest } from './manifest.ts';
import { readBackup } from './read-backup.ts';
import { checkRestorable, schemaVersionOf } from './schema-version.ts';

/**
 * `POST /api/admin/backups/{id}/verify`: reads a stored backup to its end, as a restore would
 * before changing anything (decrypted with the server's key, signed by this deployment), and says
 * whether it is intact and whether this deployment can take it. A damaged archive is an answer
 * here, not an error: the check did its job.
 */
export async function verifyStoredBackup(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  evidence: Evidence,
  key: BackupKey | undefined,
) {
  requireCapability(actor, 'backups.manage');
  if (!BACKUP_ID.test(id) || !(await storage.exists(backupKey(id)))) throw notFound('backup');
  const current = await schemaVersionOf(ctx.db);
  let manifest: Manifest | null = null;
  let error: { code: string; message: string } | null = null;
  let restorable = false;
  try {
    manifest = await readBackup(await openArchive(await storage.get(backupKey(id)), key), {
      trust: backupTrust(evidence),
    });
    checkRestorable(manifest.schema, current);
    restorable = true;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = { code: err.code, message: err.message };
  }
  // A newer schema is readable, only not restorable here: the archive itself is intact.
  const intact = manifest !== null;
  await recordAuditAlone(ctx, actor, {
    action: 'backup.verified',
    accountId: null,
    targetType: 'backup',
    details: { backupId: id, intact, restorable, ...(error ? { code: error.code } : {}) },
  });
  return {
    id,
    intact,
    restorable,
    error,
    createdAt: manifest?.createdAt ?? null,
    engine: manifest?.engine ?? null,
    schema: manifest?.schema.tag ?? null,
    tables: manifest?.tables.length ?? 0,
    rows: manifest?.tables.reduce((sum, t) => sum + t.rows, 0) ?? 0,
    files: manifest?.files.count ?? 0,
    fileBytes: manifest?.files.bytes ?? 0,
  };
}
