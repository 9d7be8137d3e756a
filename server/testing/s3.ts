import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StoreOptions } from '../storage/s3.ts';

export interface LocalS3 {
  options: (prefix?: string) => S3StoreOptions;
  /** The directory s3rver keeps its objects in (to look for leftovers). */
  dir: string;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on 127.0.0.1 with one bucket, for tests and benches. */
export async function startLocalS3(bucket = 'vellum-test'): Promise<LocalS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vellum-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const address: AddressInfo = await server.run();
  return {
    dir,
    options: (prefix = '') => ({
      bucket,
      endpoint: `http://127.0.0.1:${address.port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      prefix,
    }),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
