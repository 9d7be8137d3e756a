import { Worker } from 'node:worker_threads';
import type { ManifestEntry } from './manifest.ts';
import { tarHeader, tarHeaderTemplate, tarLongName, tarOctal, tarSplitPath } from './tar-header.ts';

/** The files of a few hundred entries, already encoded as archive entries, in archive order. */
export interface EncodedFiles {
  /** Headers, data and padding of `entries`, ready to append to the archive. */
  encoded: Buffer;
  entries: ManifestEntry[];
  /** Keys listed but removed before they could be read (the cleanup may run meanwhile). */
  vanished: string[];
}

export interface LocalFilesOptions {
  /** The store's folder. */
  root: string;
  /** The stored files to copy, by key. */
  keys: string[];
  /** Put before each key to name its archive entry. */
  entryPrefix: string;
  /** The archive's header time, in seconds. */
  mtime: number;
}

/** Batches each worker may read ahead of the archive (about 1 MiB each). */
const AHEAD = 8;
const BATCH_BYTES = 1024 * 1024;
/** Files per chunk; the two workers take alternate chunks. */
const CHUNK = 256;

/** Chunks handed out ahead of the one being appended; each worker has about two. */
const OUTSTANDING = 4;

// Two workers read, hash and encode the files (one open, read and close each) while this thread
// dumps the database and appends the finished bytes to the archive (docs/PERFORMANCE.md, backup):
// copying small files is system calls, and two threads make twice as many at once. Chunk c of the
// keys goes to worker c % 2, a few chunks ahead, and this thread takes the chunks back in order.
// The code is plain JavaScript evaluated in place (a worker does not inherit the TypeScript loader
// the server runs under), with the header functions' own source. Flow control is a shared counter
// per worker, so the reading loops stay synchronous (a thread-pool round trip per file costs more
// than the read).
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
${tarOctal}
${tarHeaderTemplate}
${tarSplitPath}
${tarHeader}
${tarLongName}
const { root, entryPrefix, mtime, counters, ahead, batchBytes } = workerData;
const state = new Int32Array(counters); // [batches sent, batches taken]
const base = tarHeaderTemplate(mtime);

const fresh = (bytes) => Buffer.allocUnsafeSlow(Math.max(bytes, batchBytes + 64 * 1024));
let batch = { buffer: fresh(0), used: 0, names: [], sizes: [], hashes: [], vanished: [] };
const send = (chunk, last) => {
  while (Atomics.load(state, 0) - Atomics.load(state, 1) >= ahead) Atomics.wait(state, 1, Atomics.load(state, 1), 1000);
  const { buffer, used, names, sizes, hashes, vanished } = batch;
  parentPort.postMessage({ chunk, last, buffer: buffer.buffer, used, names, sizes, hashes, vanished }, [buffer.buffer]);
  Atomics.add(state, 0, 1);
  batch = { buffer: fresh(0), used: 0, names: [], sizes: [], hashes: [], vanished: [] };
};

/** One chunk of the listing: its batches, the last one marked. */
const readChunk = (chunk, keys) => {
  for (const key of keys) {
    let fd;
    try {
      fd = fs.openSync(root + '/' + key, 'r');
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
      batch.vanished.push(key);
      continue;
    }
    try {
      const name = entryPrefix + key;
      const long = tarLongName(base, name);
      // Room for the headers and 64 KiB of data, or the batch goes and a fresh buffer has it.
      if (batch.buffer.length - batch.used < long.length + 512 + 64 * 1024) send(chunk, false);
      const start = batch.used;
      const dataAt = start + long.length + 512;
      let size = 0;
      for (;;) {
        const room = batch.buffer.length - (dataAt + size);
        const n = fs.readSync(fd, batch.buffer, dataAt + size, room, null);
        size += n;
        if (n < room) break; // a short read of a regular file is its end
        // Filled the room: a larger file. Grow this batch's buffer to hold it whole.
        const total = fs.fstatSync(fd).size;
        const bigger = fresh(dataAt + Math.max(total, size) + 64 * 1024);
        batch.buffer.copy(bigger, 0, 0, dataAt + size);
        batch.buffer = bigger;
      }
      long.copy(batch.buffer, start);
      tarHeader(base, name, size, '0').copy(batch.buffer, start + long.length);
      const end = dataAt + size;
      const padded = end + ((512 - (size % 512)) % 512);
      batch.buffer.fill(0, end, padded);
      batch.hashes.push(createHash('sha256').update(batch.buffer.subarray(dataAt, end)).digest('hex'));
      batch.names.push(name);
      batch.sizes.push(size);
      batch.used = padded;
    } finally {
      fs.closeSync(fd);
    }
    if (batch.used >= batchBytes || batch.names.length >= 1024) send(chunk, false);
  }
  send(chunk, true);
};

parentPort.on('message', ({ chunk, keys }) => readChunk(chunk, keys));
`;

interface Message {
  chunk: number;
  last: boolean;
  buffer: ArrayBuffer;
  used: number;
  names: string[];
  sizes: number[];
  hashes: string[];
  vanished: string[];
}

/** The named files of a local-disk store, encoded as archive entries by two worker threads, in order. */
export async function* readLocalFiles(options: LocalFilesOptions): AsyncGenerator<EncodedFiles> {
  const { root, keys, entryPrefix, mtime } = options;
  const chunks = Math.ceil(keys.length / CHUNK);
  const queues: Message[][] = [[], []];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const workers = [0, 1].map((i) => {
    const counters = new SharedArrayBuffer(8);
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { root, entryPrefix, mtime, counters, ahead: AHEAD, batchBytes: BATCH_BYTES },
    });
    worker.on('message', (m: Message) => {
      (queues[i] as Message[]).push(m);
      wake?.();
    });
    worker.on('error', (err) => {
      failure ??= err;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`the file reader stopped (${code})`);
      wake?.();
    });
    return { worker, state: new Int32Array(counters) };
  });
  let posted = 0;
  const handOut = (taken: number) => {
    for (; posted < chunks && posted < taken + OUTSTANDING; posted++) {
      const slice = keys.slice(posted * CHUNK, (posted + 1) * CHUNK);
      workers[posted % 2]?.worker.postMessage({ chunk: posted, keys: slice });
    }
  };
  try {
    for (let c = 0; c < chunks; ) {
      handOut(c);
      const i = c % 2;
      const queue = queues[i] as Message[];
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      const m = queue.shift() as Message;
      const { state } = workers[i] as { state: Int32Array };
      Atomics.add(state, 1, 1);
      Atomics.notify(state, 1);
      const entries = m.names.map((name, k) => ({
        name,
        size: m.sizes[k] as number,
        sha256: m.hashes[k] as string,
      }));
      yield { encoded: Buffer.from(m.buffer, 0, m.used), entries, vanished: m.vanished };
      if (m.last) c++;
    }
  } finally {
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }
}
