import type { StorageConfig } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalDiskStore } from './local-disk.ts';

/**
 * The configured blob store: local disk by default, an S3-compatible bucket when one is set. The
 * S3 SDK is loaded only then: it is tens of megabytes a local-disk deployment never needs.
 */
export async function openStorage(config: StorageConfig): Promise<BlobStore> {
  if (config.kind === 'local') return new LocalDiskStore(config.dir);
  const { kind: _kind, ...options } = config;
  const { S3Store } = await import('./s3.ts');
  return new S3Store(options);
}
