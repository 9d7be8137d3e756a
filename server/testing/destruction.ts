import { randomUUID } from 'node:crypto';
import { openDestruction, recordDestroyedUsers } from '../services/lifecycle/destruction-record.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { TestApp } from './harness.ts';

// Helpers of the destruction-record tests and of the role × route matrix.

/** A destruction record naming one (made-up) removed user; returns its id. */
export async function storedDestructionRecord(t: TestApp<BlobStore>): Promise<string> {
  const d = openDestruction(t.clock.now(), 'cleanup', null, 'test');
  await t.database.db.transaction((tx) => recordDestroyedUsers(tx, d, [randomUUID()]));
  return d.id;
}
