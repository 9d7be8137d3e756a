import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor } from '../context.ts';
import { type BackupKey, openArchive } from './backup-crypto.ts';
import { backupKey } from './create-backup.ts';
import { type BackupListItem, listBackups } from './list-backups.ts';
import type { BackupHeader } from './manifest.ts';
import { readBackup } from './read-backup.ts';

/** Stops the read once the header, the archive's first entry, is known. */
class HeaderRead extends Error {
  constructor(readonly header: BackupHeader) {
    super('header read');
  }
}

// An archive never changes under its id: each header is read once per store.
const headers = new WeakMap<BlobStore, Map<string, BackupHeader | null>>();

/**
 * The header of a complete stored backup, or null when it cannot be read (the list still shows it):
 * an encrypted one needs the passphrase or identity; a server that holds only a recipient cannot.
 */
export async function storedBackupHeader(
  storage: BlobStore,
  id: string,
  key: BackupKey | undefined,
): Promise<BackupHeader | null> {
  let known = headers.get(storage);
  if (!known) {
    known = new Map();
    headers.set(storage, known);
  }
  if (known.has(id)) return known.get(id) ?? null;
  let header: BackupHeader | null = null;
  try {
    // Stopped at the header: no signature is reached, so none is trusted here.
    await readBackup(await openArchive(await storage.get(backupKey(id)), key), {
      trust: { keys: [] },
      onHeader: (h) => {
        throw new HeaderRead(h);
      },
    });
  } catch (err) {
    if (err instanceof HeaderRead) header = err.header;
  }
  known.set(id, header);
  return header;
}

/** `GET /api/admin/backups`: the list with the database schema each complete backup holds. */
export async function listBackupsDescribed(storage: BlobStore, actor: Actor, key: BackupKey | undefined) {
  requireCapability(actor, 'backups.manage');
  const list = await listBackups(storage, actor);
  const items: (BackupListItem & { schema: string | null })[] = [];
  for (const b of list.items) {
    const header = b.status === 'complete' ? await storedBackupHeader(storage, b.id, key) : null;
    items.push({ ...b, schema: header?.schema.tag ?? null });
  }
  return { ...list, items };
}
