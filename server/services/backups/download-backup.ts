import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { backupKey } from './create-backup.ts';
import { BACKUP_ID } from './manifest.ts';

/** `GET /api/admin/backups/{id}/download`: the archive's bytes (age-encrypted), to keep a copy off the machine. */
export async function downloadBackup(ctx: Ctx, storage: BlobStore, actor: Actor, id: string) {
  requireCapability(actor, 'backups.manage');
  const key = backupKey(id);
  const [blob] = BACKUP_ID.test(id) ? (await storage.list(key)).filter((b) => b.key === key) : [];
  if (!blob) throw notFound('backup');
  await recordAuditAlone(ctx, actor, {
    action: 'backup.downloaded',
    accountId: null,
    targetType: 'backup',
    details: { backupId: id },
  });
  return { stream: await storage.get(key), size: blob.size, filename: `vellum-backup-${id}.tar.age` };
}
