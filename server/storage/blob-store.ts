import type { Readable } from 'node:stream';

/**
 * Where stored files (images, thumbnails, signatures, backups) live. Keys are chosen by the server
 * only (ids and content hashes), never from user input. Local disk by default; an S3-compatible
 * store implements the same interface.
 */
export interface BlobStore {
  put(key: string, data: Buffer | Readable): Promise<void>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Removing a missing key is not an error: removal is retried after crashes. */
  remove(key: string): Promise<void>;
  /** Throws when the store cannot be written; used by /readyz. */
  check(): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Server-chosen keys only: lower-case, no "..", no leading slash. */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}
