import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor } from '../context.ts';
import { backupKey } from './create-backup.ts';
import { listStoredBackups } from './list-backups.ts';

/** After a scheduled backup: keeps the newest `keep` complete backups and removes the older ones. */
export async function pruneBackups(storage: BlobStore, actor: Actor, keep: number): Promise<string[]> {
  requireCapability(actor, 'backups.manage');
  const complete = (await listStoredBackups(storage)).filter((b) => b.status === 'complete');
  const old = complete.slice(Math.max(keep, 1));
  for (const b of old) await storage.remove(backupKey(b.id));
  return old.map((b) => b.id);
}
