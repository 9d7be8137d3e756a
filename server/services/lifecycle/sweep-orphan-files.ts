import { inArray } from 'drizzle-orm';
import { consents, images } from '../../db/schema-clinical.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Ctx } from '../context.ts';

/** Older than this, a file no row names is a leftover, not an upload still in progress. */
export const ORPHAN_AGE_MS = 60 * 60_000;
const LOOKUP = 1_000;

// accounts/<account>/images/<image id>/<file> and accounts/<account>/consents/<consent id>/<file>
const KEY = /^accounts\/[0-9a-f-]{36}\/(images|consents)\/([0-9a-f-]{36})\//;

/**
 * Removes stored image and signature files whose record does not exist: what a process killed
 * between writing an upload's files and committing its rows leaves behind (the writing transaction
 * removes them itself on any other failure), and the temporary files of writes it cut off. Files keep the store's own modification time, which is
 * real time, so their age is measured against the real clock, not the injected one.
 */
export async function sweepOrphanFiles(ctx: Ctx, storage: BlobStore, realNow = Date.now()): Promise<number> {
  const old = (await storage.list('accounts/')).filter(
    (b) => realNow - b.modifiedAt.getTime() > ORPHAN_AGE_MS,
  );
  const owners = { images: new Map<string, string[]>(), consents: new Map<string, string[]>() };
  for (const blob of old) {
    const m = KEY.exec(blob.key);
    if (!m) continue;
    const byId = owners[m[1] as 'images' | 'consents'];
    byId.set(m[2] as string, [...(byId.get(m[2] as string) ?? []), blob.key]);
  }
  // Half-written files of the same killed uploads: never listed, so removed by the store itself.
  let removed = (await storage.removeAbandoned?.(new Date(realNow - ORPHAN_AGE_MS))) ?? 0;
  for (const [kind, byId] of Object.entries(owners)) {
    const table = kind === 'images' ? images : consents;
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += LOOKUP) {
      const slice = ids.slice(i, i + LOOKUP);
      const present = new Set(
        (await ctx.db.select({ id: table.id }).from(table).where(inArray(table.id, slice))).map((r) => r.id),
      );
      for (const id of slice) {
        if (present.has(id)) continue;
        for (const key of byId.get(id) ?? []) {
          await storage.remove(key);
          removed++;
        }
      }
    }
  }
  return removed;
}
