import type { Readable } from 'node:stream';

/**
 * Where stored files (images, thumbnails, signatures, backups) live. Keys are chosen by the server
 * only (ids and content hashes), never from user input. Local disk by default; an S3-compatible
 * store implements the same interface.
 */
export interface StoredBlob {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface PutOptions {
  /** Flush to stable storage before the key appears (backups); plain writes skip the cost. */
  durable?: boolean;
}

export interface BlobStore {
  put(key: string, data: Buffer | Readable, options?: PutOptions): Promise<void>;
  get(key: string): Promise<Readable>;
  /** A whole stored file in memory (small files: a backup reads hundreds of thousands of them). */
  read(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Removing a missing key is not an error: removal is retried after crashes. */
  remove(key: string): Promise<void>;
  /**
   * Removes many keys, as many at once as the store does well (the cleanup removes hundreds of
   * thousands); missing keys are not an error. On failure some of them may be gone already.
   */
  removeMany(keys: string[]): Promise<void>;
  /** Every complete stored file whose key starts with `prefix` ("" for all), sorted by key. */
  list(prefix: string): Promise<StoredBlob[]>;
  /**
   * The names of the folders directly under `prefix` (which ends with "/"), sorted: the ids of a
   * kind of record, read without touching their files (the orphan sweep).
   */
  listFolders(prefix: string): Promise<string[]>;
  /**
   * Removes what writes cut off by a killed process left behind (never a complete file) under
   * `prefix`, last changed before `before`; returns how many. Absent where the store itself cleans
   * such leftovers up (an S3 bucket's rule for incomplete multipart uploads).
   */
  removeAbandoned?(before: Date, prefix: string): Promise<number>;
  /** Removes the folder of `prefix` when it holds nothing; absent where folders do not exist (S3). */
  removeEmptyFolder?(prefix: string): Promise<void>;
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
