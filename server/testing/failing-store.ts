import type { BlobStore } from '../storage/blob-store.ts';
import { LocalDiskStore } from '../storage/local-disk.ts';

/**
 * The real store, failing every removal after the first `allowed` ones with "storage unavailable":
 * a process that dies, or a disk that goes away, halfway through removing files.
 */
export function failingAfter(store: BlobStore, allowed: number): BlobStore {
  let left = allowed;
  const allowedRemovals: Promise<void>[] = [];
  const failing: BlobStore = {
    put: (key, data, options) => store.put(key, data, options),
    get: (key) => store.get(key),
    read: (key) => store.read(key),
    exists: (key) => store.exists(key),
    list: (prefix) => store.list(prefix),
    listFolders: (prefix) => store.listFolders(prefix),
    removeEmptyFolder: async (prefix) => store.removeEmptyFolder?.(prefix),
    check: () => store.check(),
    removeAbandoned: async (before, prefix) => (await store.removeAbandoned?.(before, prefix)) ?? 0,
    remove: async (key) => {
      if (left-- > 0) {
        const removal = store.remove(key);
        allowedRemovals.push(removal);
        return removal;
      }
      // Only once the allowed removals are done, so that the caller sees exactly those files gone.
      await Promise.allSettled(allowedRemovals);
      throw new Error('storage unavailable');
    },
    // One at a time through remove(), so exactly the allowed ones go.
    removeMany: async (keys) => {
      for (const key of keys) await failing.remove(key);
    },
  };
  return failing;
}

/**
 * A disk store whose removals fail for keys naming one of `blocked` (a file held open, a folder
 * without permission) until the id is taken out of the set.
 */
export class BlockingDiskStore extends LocalDiskStore {
  readonly blocked = new Set<string>();

  private refuse(key: string) {
    for (const id of this.blocked) if (key.includes(id)) throw new Error(`cannot remove ${key}`);
  }

  override async remove(key: string): Promise<void> {
    this.refuse(key);
    return super.remove(key);
  }

  override async removeMany(keys: string[]): Promise<void> {
    for (const key of keys) this.refuse(key);
    return super.removeMany(keys);
  }
}
