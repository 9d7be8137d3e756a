import { Worker } from 'node:worker_threads';
import { TEMPORARY } from '../../storage/local-disk.ts';
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
  /** Keys that start with one of these are not copied (the backups themselves). */
  skip: string[];
  /** Put before each key to name its archive entry. */
  entryPrefix: string;
  /** The archive's header time, in seconds. */
  mtime: number;
  /** Told once, how many files were listed, before the first batch. */
  onListed?: (files: number) => void;
}

/** Batches the worker may read ahead of the archive (about 1 MiB each). */
const AHEAD = 8;
const BATCH_BYTES = 1024 * 1024;

// The worker walks the store, reads each file with one open, read and close, hashes it and encodes
// its archive entry, on the second core, while this thread dumps the database and writes the
// archive (docs/PERFORMANCE.md, backup); this thread only appends the finished bytes. It is plain
// JavaScript evaluated in place (a worker does not inherit the TypeScript loader the server runs
// under), with the header functions' own source. Flow control is a shared counter, so the worker's
// loop stays synchronous (a thread-pool round trip per file costs more than the read).
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
${tarOctal}
${tarHeaderTemplate}
${tarSplitPath}
${tarHeader}
${tarLongName}
const { root, skip, entryPrefix, mtime, temporary, counters, ahead, batchBytes } = workerData;
const state = new Int32Array(counters); // [batches sent, batches taken]
const base = tarHeaderTemplate(mtime);
const isTemporary = new RegExp(temporary);

// The same files the store's list() gives: no dot-names, no writes in progress, sorted per folder.
const keys = [];
const skipped = (path) => skip.some((prefix) => path.startsWith(prefix));
const walk = (dir) => {
  let found;
  try {
    found = fs.readdirSync(root + '/' + dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of found) {
    const key = dir + e.name;
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) {
      if (!skipped(key + '/')) walk(key + '/');
    } else if (e.isFile() && !isTemporary.test(e.name) && !skipped(key)) keys.push(key);
  }
};
walk('');
parentPort.postMessage({ listed: keys.length });

const fresh = (bytes) => Buffer.allocUnsafeSlow(Math.max(bytes, batchBytes + 64 * 1024));
let batch = { buffer: fresh(0), used: 0, names: [], sizes: [], hashes: [], vanished: [] };
const send = () => {
  while (Atomics.load(state, 0) - Atomics.load(state, 1) >= ahead) Atomics.wait(state, 1, Atomics.load(state, 1), 1000);
  const { buffer, used, names, sizes, hashes, vanished } = batch;
  parentPort.postMessage({ buffer: buffer.buffer, used, names, sizes, hashes, vanished }, [buffer.buffer]);
  Atomics.add(state, 0, 1);
  batch = { buffer: fresh(0), used: 0, names: [], sizes: [], hashes: [], vanished: [] };
};
// Room for a header and at least this much data, or a new buffer.
const ensure = (bytes) => {
  if (batch.buffer.length - batch.used >= bytes) return;
  send(); // a fresh buffer always has the room

};
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
    ensure(long.length + 512 + 64 * 1024);
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
  if (batch.used >= batchBytes || batch.names.length >= 1024) send();
}
if (batch.names.length > 0 || batch.vanished.length > 0) send();
parentPort.postMessage({ done: true });
`;

interface Message {
  listed?: number;
  done?: boolean;
  buffer?: ArrayBuffer;
  used: number;
  names: string[];
  sizes: number[];
  hashes: string[];
  vanished: string[];
}

/** Every file of a local-disk store, encoded as archive entries by a worker thread, in batches. */
export async function* readLocalFiles(options: LocalFilesOptions): AsyncGenerator<EncodedFiles> {
  const counters = new SharedArrayBuffer(8);
  const state = new Int32Array(counters);
  const { root, skip, entryPrefix, mtime } = options;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      ...{ root, skip, entryPrefix, mtime, temporary: TEMPORARY.source },
      ...{ counters, ahead: AHEAD, batchBytes: BATCH_BYTES },
    },
  });
  const queue: Message[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: Message) => {
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
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure;
      if (m.done) break;
      if (m.listed !== undefined) {
        options.onListed?.(m.listed);
        continue;
      }
      Atomics.add(state, 1, 1);
      Atomics.notify(state, 1);
      const entries = m.names.map((name, i) => ({
        name,
        size: m.sizes[i] as number,
        sha256: m.hashes[i] as string,
      }));
      yield { encoded: Buffer.from(m.buffer as ArrayBuffer, 0, m.used), entries, vanished: m.vanished };
    }
  } finally {
    await worker.terminate();
  }
}
