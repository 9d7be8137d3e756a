import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { createBackup } from '../services/backups/create-backup.ts';
import { systemActor } from '../services/context.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { TestApp } from './harness.ts';

/** Takes a backup into the app's store and waits for it; returns its id. */
export async function storedBackup(t: TestApp<BlobStore>): Promise<string> {
  await waitForBackups(t.storage);
  const ctx = { db: t.database.db, clock: t.clock };
  const { job, done } = await createBackup(ctx, t.database, t.storage, systemActor(), 'manual');
  const result = await done;
  if (!result.ok) throw new Error(`backup failed: ${result.error?.message}`);
  return job.id;
}
