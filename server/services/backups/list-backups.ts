import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor } from '../context.ts';
import { backupJobs } from './backup-jobs.ts';
import { BACKUP_ID, BACKUPS_PREFIX } from './manifest.ts';

export interface BackupListItem {
  id: string;
  createdAt: string;
  /** Bytes of a complete archive; null while it is written. */
  size: number | null;
  status: 'complete' | 'running' | 'failed';
  percent: number;
  trigger: 'manual' | 'scheduled' | null;
  error: { code: string; message: string } | null;
}

/** The id's stamp, `20260101t091500z-…`, as an ISO time. */
export function createdAtOf(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})z/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : new Date(0).toISOString();
}

/** Stored backups (shared by every instance) and this instance's running or failed ones, newest first. */
export async function listStoredBackups(storage: BlobStore): Promise<BackupListItem[]> {
  const stored: BackupListItem[] = (await storage.list(BACKUPS_PREFIX))
    .map((b) => ({ blob: b, id: b.key.slice(BACKUPS_PREFIX.length).replace(/\.tar$/, '') }))
    .filter(({ blob, id }) => blob.key.endsWith('.tar') && BACKUP_ID.test(id))
    .map(({ blob, id }) => ({
      id,
      createdAt: createdAtOf(id),
      size: blob.size,
      status: 'complete' as const,
      percent: 100,
      trigger: null,
      error: null,
    }));
  const jobs: BackupListItem[] = [...backupJobs(storage).jobs.values()].map((j) => ({
    id: j.id,
    createdAt: j.createdAt,
    size: null,
    status: j.status,
    percent: j.percent,
    trigger: j.trigger,
    error: j.error ?? null,
  }));
  return [...jobs, ...stored].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** `GET /api/admin/backups`. */
export async function listBackups(storage: BlobStore, actor: Actor) {
  requireCapability(actor, 'backups.manage');
  const items = await listStoredBackups(storage);
  return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
}
