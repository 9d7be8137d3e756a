import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ManifestEntry } from './manifest.ts';
import { type HeaderTemplate, tarHeader, tarHeaderTemplate, tarLongName } from './tar-header.ts';

// Writes a POSIX (ustar, with a pax record for long names) tar, computing each entry's SHA-256 on
// the way. Archives are read back with tar-stream and open with any tar tool. The writer is ours,
// not tar-stream's packer, because a backup holds hundreds of thousands of small files and a
// header, the data and the padding of many entries go out as one write here (docs/PERFORMANCE.md, backup).

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
const MAX_SIZE = 0o77777777777; // 11 octal digits: 8 GiB per entry

/** Resolves when the output takes more, or is closed (an error closes it too). */
const drained = (out: Writable) =>
  new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });

const padding = (size: number) => ZEROS.subarray(0, (BLOCK - (size % BLOCK)) % BLOCK);

/** Entries are gathered up to this many bytes and handed to the output as one buffer. */
const FLUSH_BYTES = 1024 * 1024;

export class TarWriter {
  readonly entries: ManifestEntry[] = [];
  bytes = 0;
  private readonly header: HeaderTemplate;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly out: Writable,
    at: Date,
  ) {
    this.header = tarHeaderTemplate(TarWriter.mtime(at));
  }

  /**
   * Appends one entry; resolves once the output accepts more (backpressure). `sha256` is the
   * data's, when the caller computed it already (on another thread).
   */
  async add(name: string, data: Buffer, record = true, sha256?: string): Promise<void> {
    if (data.length > MAX_SIZE) throw new Error(`archive entry ${name} is larger than 8 GiB`);
    sha256 ??= createHash('sha256').update(data).digest('hex');
    if (record) this.entries.push({ name, size: data.length, sha256 });
    const parts = [tarLongName(this.header, name), tarHeader(this.header, name, data.length, '0')];
    parts.push(data, padding(data.length));
    await this.write(parts);
  }

  /** The header time of every entry, in seconds: a worker encoding entries uses the same. */
  static mtime(at: Date): number {
    return Math.floor(at.getTime() / 1000);
  }

  /** Appends entries another thread encoded (headers, data and padding), with their manifest lines. */
  async addEncoded(encoded: Buffer, entries: ManifestEntry[]): Promise<void> {
    for (const entry of entries) this.entries.push(entry);
    await this.write([encoded]);
  }

  /** The two zero blocks that end a tar; everything gathered goes out. */
  async end(): Promise<void> {
    await this.write([ZEROS]);
    await this.flush();
  }

  private async write(parts: Buffer[]) {
    for (const part of parts) {
      if (part.length === 0) continue;
      this.pending.push(part);
      this.pendingBytes += part.length;
      this.bytes += part.length;
    }
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush() {
    const parts = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.out.errored) throw this.out.errored;
    // One buffer, one write: see storage/file-sink.ts for what many small ones cost.
    const ok = this.out.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    // Two writers may wait here at once (the dump and the file copy); a destroyed output ends the wait.
    if (!ok && !this.out.destroyed) await drained(this.out);
    if (this.out.errored) throw this.out.errored;
    if (this.out.destroyed) throw new Error('the archive output was closed');
  }
}
