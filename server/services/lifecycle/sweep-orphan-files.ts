import { inArray } from 'drizzle-orm';
import { consents, images } from '../../db/schema-clinical.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { BACKUPS_PREFIX } from '../backups/manifest.ts';
import type { Ctx } from '../context.ts';

/** Older than this, a file no row names is a leftover, not an upload still in progress. */
export const ORPHAN_AGE_MS = 60 * 60_000;
const LOOKUP = 1_000;
const FOLDERS_AT_ONCE = 32;
const ID = /^[0-9a-f-]{36}$/;

/**
 * Removes stored image and signature files whose record does not exist: what a process killed
 * between writing an upload's files and committing its rows leaves behind (the writing transaction
 * removes them itself on any other failure), with the temporary files of writes it cut off, and the
 * temporary files of backups cut off. Files keep the store's own modification time, which is real
 * time, so their age is measured against the real clock, not the injected one.
 *
 * Files live under accounts/<account>/<images|consents>/<record id>/: the sweep reads the record
 * folders' names, asks the database which of those records exist, and looks at the files of the
 * others only, so a run costs a folder listing and a lookup per thousand records, not a look at
 * every stored file (a practice keeps hundreds of thousands). A file inside the folder of a record
 * that exists is written before its row commits, so it is never a leftover. A leftover's folder is
 * removed once empty, so each run sees only new ones.
 */
export async function sweepOrphanFiles(ctx: Ctx, storage: BlobStore, realNow = Date.now()): Promise<number> {
  const before = new Date(realNow - ORPHAN_AGE_MS);
  let removed = (await storage.removeAbandoned?.(before, BACKUPS_PREFIX)) ?? 0;
  for (const account of (await storage.listFolders('accounts/')).filter((a) => ID.test(a))) {
    for (const [kind, table] of [
      ['images', images],
      ['consents', consents],
    ] as const) {
      const folder = `accounts/${account}/${kind}/`;
      const ids = (await storage.listFolders(folder)).filter((id) => ID.test(id));
      for (let i = 0; i < ids.length; i += LOOKUP) {
        const slice = ids.slice(i, i + LOOKUP);
        const rows = await ctx.db.select({ id: table.id }).from(table).where(inArray(table.id, slice));
        const present = new Set(rows.map((r) => r.id));
        const missing = slice.filter((id) => !present.has(id));
        // Several folders at once: removing a folder waits on the disk, like removing a file.
        let next = 0;
        const sweepFolders = async () => {
          for (let id = missing[next++]; id !== undefined; id = missing[next++]) {
            // Read after the await: `removed += await …` would add to a stale total.
            const n = await removeOld(storage, `${folder}${id}/`, before);
            removed += n;
            // Its folder goes too, once empty (the cleanup's removal already removes the folders it empties).
            await storage.removeEmptyFolder?.(`${folder}${id}/`);
          }
        };
        await Promise.all(Array.from({ length: FOLDERS_AT_ONCE }, sweepFolders));
      }
    }
  }
  return removed;
}

/** The files under a record's folder, complete or half written, last changed before `before`. */
async function removeOld(storage: BlobStore, prefix: string, before: Date): Promise<number> {
  let removed = (await storage.removeAbandoned?.(before, prefix)) ?? 0;
  for (const blob of await storage.list(prefix)) {
    if (blob.modifiedAt >= before) continue; // may be an upload still in progress
    await storage.remove(blob.key);
    removed++;
  }
  return removed;
}
