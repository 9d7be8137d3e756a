import type { Database } from '../../db/client.ts';
import { confirms, restoreBackupPhrase } from '../../domain/confirmation.ts';
import { AppError, notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import type { Evidence } from '../evidence/evidence.ts';
import type { BackupKey } from './backup-crypto.ts';
import { backupTrust } from './backup-trust.ts';
import { backupKey } from './create-backup.ts';
import { BACKUP_ID } from './manifest.ts';
import { restoreBackup } from './restore-backup.ts';

/**
 * `POST /api/admin/backups/{id}/restore`: a stored backup, confirmed by typing `restore backup <id>`,
 * decrypted with the server's key; signed by this deployment, or by the key in `trustPublicKey`.
 */
export async function restoreStoredBackup(
  ctx: Ctx,
  database: Database,
  storage: BlobStore,
  actor: Actor,
  id: string,
  body: { confirmation: unknown; trustPublicKey?: string },
  options: { evidence: Evidence; key: BackupKey | undefined },
) {
  const { confirmation } = body;
  requireCapability(actor, 'backups.manage');
  if (!BACKUP_ID.test(id) || !(await storage.exists(backupKey(id)))) throw notFound('backup');
  const phrase = restoreBackupPhrase(id);
  if (!confirms(confirmation, phrase)) {
    throw new AppError(422, 'confirmation_mismatch', `Type "${phrase}" to confirm the restore.`, {
      fields: { confirmation: `must be "${phrase}"` },
    });
  }
  return restoreBackup(ctx, database, storage, actor, {
    open: () => storage.get(backupKey(id)),
    replaceExisting: true,
    evidence: options.evidence,
    key: options.key,
    trust: backupTrust(options.evidence, {
      trustPublicKeys: body.trustPublicKey ? [body.trustPublicKey] : [],
    }),
  });
}
