import type { BlobStore } from '../../storage/blob-store.ts';

/** A backup being written by this instance, or one that failed here (finished ones live in the store). */
export interface BackupJob {
  id: string;
  createdAt: string;
  status: 'running' | 'failed';
  percent: number;
  trigger: 'manual' | 'scheduled';
  error?: { code: string; message: string };
}

// Progress is this instance's: the archive appears in the shared store only once complete.
interface Jobs {
  jobs: Map<string, BackupJob>;
  pending: Set<Promise<unknown>>;
}
const byStore = new WeakMap<BlobStore, Jobs>();

export function backupJobs(storage: BlobStore): Jobs {
  let jobs = byStore.get(storage);
  if (!jobs) {
    jobs = { jobs: new Map(), pending: new Set() };
    byStore.set(storage, jobs);
  }
  return jobs;
}

/** Waits for the backups this instance is writing (the server waits before it stops). */
export async function waitForBackups(storage: BlobStore): Promise<void> {
  await Promise.allSettled([...backupJobs(storage).pending]);
}

/** Failed jobs are shown for a while, then forgotten; at most this many are kept. */
export const FAILED_KEPT = 10;
