import type { StorageConfig } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalDiskStore } from './local-disk.ts';
import { S3Store } from './s3.ts';

/** The configured blob store: local disk by default, an S3-compatible bucket when one is set. */
export function openStorage(config: StorageConfig): BlobStore {
  if (config.kind === 'local') return new LocalDiskStore(config.dir);
  const { kind: _kind, ...options } = config;
  return new S3Store(options);
}
