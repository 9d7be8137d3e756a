import { Worker } from 'node:worker_threads';
import type { StoredBlob } from '../../storage/blob-store.ts';

/** A stored file read for the archive: its bytes and SHA-256, or null data if it was removed since. */
export interface ReadFile {
  key: string;
  size: number;
  data: Buffer | null;
  sha256?: string;
}

/** Batches the worker may read ahead of the archive (about 1 MiB each). */
const AHEAD = 8;
const BATCH_BYTES = 1024 * 1024;

// The worker reads and hashes files on the second core while this thread dumps the database and
// writes the archive (docs/PERFORMANCE.md, backup). It is plain JavaScript evaluated in place: a
// worker does not inherit the TypeScript loader the server runs under. Flow control is a shared
// counter, so the worker's loop stays synchronous (one thread-pool round trip per file costs more).
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const path = require('node:path');
const { root, keys, counters, ahead, batchBytes } = workerData;
const state = new Int32Array(counters); // [batches sent, batches taken]
let batch = { sizes: [], hashes: [], parts: [], bytes: 0 };
const send = () => {
  while (Atomics.load(state, 0) - Atomics.load(state, 1) >= ahead) Atomics.wait(state, 1, Atomics.load(state, 1), 1000);
  const data = Buffer.concat(batch.parts, batch.bytes);
  parentPort.postMessage({ sizes: batch.sizes, hashes: batch.hashes, data }, [data.buffer]);
  Atomics.add(state, 0, 1);
  batch = { sizes: [], hashes: [], parts: [], bytes: 0 };
};
for (const key of keys) {
  let data = null;
  try {
    data = readFileSync(path.join(root, key));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  batch.sizes.push(data ? data.length : -1);
  batch.hashes.push(data ? createHash('sha256').update(data).digest('hex') : '');
  if (data) { batch.parts.push(data); batch.bytes += data.length; }
  if (batch.bytes >= batchBytes || batch.sizes.length >= 1024) send();
}
if (batch.sizes.length > 0) send();
parentPort.postMessage({ done: true });
`;

interface Batch {
  sizes: number[];
  hashes: string[];
  data: Uint8Array;
  done?: boolean;
}

/** Reads the files of a local-disk store under `root` in a worker thread, in order. */
export async function* readLocalFiles(root: string, files: StoredBlob[]): AsyncGenerator<ReadFile> {
  const counters = new SharedArrayBuffer(8);
  const state = new Int32Array(counters);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { root, keys: files.map((f) => f.key), counters, ahead: AHEAD, batchBytes: BATCH_BYTES },
  });
  const queue: Batch[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: Batch) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the file reader stopped (${code})`);
    wake?.();
  });
  try {
    let index = 0;
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      const batch = queue.shift();
      if (!batch) throw failure;
      if (batch.done) break;
      Atomics.add(state, 1, 1);
      Atomics.notify(state, 1);
      const data = Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength);
      let offset = 0;
      for (let i = 0; i < batch.sizes.length; i++) {
        const file = files[index++] as StoredBlob;
        const size = batch.sizes[i] as number;
        if (size < 0) {
          yield { key: file.key, size: file.size, data: null };
          continue;
        }
        yield { key: file.key, size, data: data.subarray(offset, offset + size), sha256: batch.hashes[i] };
        offset += size;
      }
    }
  } finally {
    await worker.terminate();
  }
}
