import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertKey, type BlobStore, type StoredBlob } from './blob-store.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Any S3-compatible endpoint (MinIO, Ceph, a cloud provider); absent means AWS itself. */
  endpoint?: string;
  region: string;
  /** Absent means the SDK's usual chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Most self-hosted S3-compatible servers need path-style URLs. */
  forcePathStyle: boolean;
  /** Prepended to every key, so one bucket can hold several deployments. */
  prefix: string;
}

const DELETE_PER_REQUEST = 1000;
const DELETE_REQUESTS_AT_ONCE = 4;

const notFound = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);

/**
 * Stored files in an S3-compatible bucket. An object appears whole or not at all (single PUT or a
 * completed multipart upload), which gives the same guarantee as the local store's rename.
 */
export class S3Store implements BlobStore {
  readonly client: S3Client;

  constructor(readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    });
  }

  private object(key: string) {
    assertKey(key);
    return { Bucket: this.options.bucket, Key: `${this.options.prefix}${key}` };
  }

  async put(key: string, data: Buffer | Readable): Promise<void> {
    const target = this.object(key);
    if (Buffer.isBuffer(data)) {
      await this.client.send(new PutObjectCommand({ ...target, Body: data }));
      return;
    }
    // Streams of unknown length (large originals, backups) go up in parts, never whole in memory.
    await new Upload({ client: this.client, params: { ...target, Body: data }, queueSize: 2 }).done();
  }

  async get(key: string): Promise<Readable> {
    const res = await this.client.send(new GetObjectCommand(this.object(key)));
    if (!(res.Body instanceof Readable)) throw new Error(`storage object ${key} has no body`);
    return res.Body;
  }

  async read(key: string): Promise<Buffer> {
    return buffer(await this.get(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand(this.object(key)));
      return true;
    } catch (err) {
      if (notFound(err)) return false;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    // DeleteObject succeeds for a missing key, which is what a retried removal needs.
    await this.client.send(new DeleteObjectCommand(this.object(key)));
  }

  /** DeleteObjects takes up to 1,000 keys a request; a few requests go at once. */
  async removeMany(keys: string[]): Promise<void> {
    const objects = keys.map((k) => ({ Key: this.object(k).Key }));
    const requests: (typeof objects)[] = [];
    for (let i = 0; i < objects.length; i += DELETE_PER_REQUEST)
      requests.push(objects.slice(i, i + DELETE_PER_REQUEST));
    for (let i = 0; i < requests.length; i += DELETE_REQUESTS_AT_ONCE) {
      await Promise.all(
        requests.slice(i, i + DELETE_REQUESTS_AT_ONCE).map(async (Objects) => {
          const res = await this.client.send(
            new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects, Quiet: true } }),
          );
          const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
          if (failed.length > 0)
            throw new Error(
              `storage removal failed for ${failed.length} keys: ${failed[0]?.Code} ${failed[0]?.Message}`,
            );
        }),
      );
    }
  }

  async list(prefix: string): Promise<StoredBlob[]> {
    if (prefix) assertKey(prefix);
    const found: StoredBlob[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: `${this.options.prefix}${prefix}`,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        const key = o.Key?.slice(this.options.prefix.length);
        // Readiness probes and anything not named like a server-chosen key are not stored files.
        if (!key || key.startsWith('.') || key.includes('/.')) continue;
        found.push({ key, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * From the listing of the objects under the prefix: a bucket has no folders, and S3-compatible
   * servers differ in how a delimiter listing reports deeper keys (s3rver drops them).
   */
  async listFolders(prefix: string): Promise<string[]> {
    assertKey(prefix);
    const names = new Set<string>();
    for (const blob of await this.list(prefix)) {
      const rest = blob.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) names.add(rest.slice(0, slash));
    }
    return [...names].sort();
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    const probe = {
      Bucket: this.options.bucket,
      Key: `${this.options.prefix}.ready-${randomBytes(6).toString('hex')}`,
    };
    await this.client.send(new PutObjectCommand({ ...probe, Body: 'ok' }));
    await this.client.send(new DeleteObjectCommand(probe));
  }
}
