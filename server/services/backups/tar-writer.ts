import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ManifestEntry } from './manifest.ts';

// Writes a POSIX (ustar, with a pax record for long names) tar, computing each entry's SHA-256 on
// the way. Archives are read back with tar-stream and open with any tar tool. The writer is ours,
// not tar-stream's packer, because a backup holds hundreds of thousands of small files and a
// header, the data and the padding go out as one write here (see docs/PERFORMANCE.md, backup).

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
const MAX_SIZE = 0o77777777777; // 11 octal digits: 8 GiB per entry

function octal(header: Buffer, value: number, offset: number, length: number) {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

// Every header of an archive differs only in its name, size, type and checksum: the rest is
// copied from a template made once per archive (a few microseconds per file add up over 150,000).
function headerTemplate(mtime: number): { template: Buffer; sum: number } {
  const template = Buffer.alloc(BLOCK);
  octal(template, 0o600, 100, 8);
  octal(template, 0, 108, 8);
  octal(template, 0, 116, 8);
  octal(template, mtime, 136, 12);
  template.write('        ', 148, 8, 'ascii');
  template.write('ustar\x0000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of template) sum += byte;
  return { template, sum };
}

function encodeHeader(
  base: { template: Buffer; sum: number },
  name: string,
  size: number,
  type: '0' | 'x',
): Buffer {
  const header = Buffer.from(base.template);
  let sum = base.sum;
  // A longer path goes into the ustar prefix field, split at a slash (see splitPath).
  const [prefix, rest] = splitPath(name) ?? ['', name];
  const nameLength = header.write(rest, 0, 100, 'utf8');
  for (let i = 0; i < nameLength; i++) sum += header[i] as number;
  const prefixLength = header.write(prefix, 345, 155, 'utf8');
  for (let i = 345; i < 345 + prefixLength; i++) sum += header[i] as number;
  const sizeText = `${size.toString(8).padStart(11, '0')}\0`;
  header.write(sizeText, 124, 12, 'ascii');
  for (let i = 124; i < 136; i++) sum += header[i] as number;
  header.write(type, 156, 1, 'ascii');
  sum += type.charCodeAt(0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** [prefix, name] for a path of up to 256 bytes that ustar can hold without a pax record. */
function splitPath(name: string): [string, string] | undefined {
  if (Buffer.byteLength(name) <= 100) return undefined;
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return [prefix, rest];
  }
  return undefined;
}

/** A pax extended header carrying a path longer than the 100 bytes of the ustar name field. */
function paxPath(base: { template: Buffer; sum: number }, name: string): Buffer[] {
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length++;
  const record = Buffer.from(`${length}${body}`);
  return [encodeHeader(base, 'PaxHeader', record.length, 'x'), record, padding(record.length)];
}

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

/** Entries are gathered up to this many bytes and handed to the output in one vectored write. */
const FLUSH_BYTES = 1024 * 1024;

export class TarWriter {
  readonly entries: ManifestEntry[] = [];
  bytes = 0;
  private readonly header: { template: Buffer; sum: number };
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly out: Writable,
    at: Date,
  ) {
    this.header = headerTemplate(Math.floor(at.getTime() / 1000));
  }

  /**
   * Appends one entry; resolves once the output accepts more (backpressure). `sha256` is the
   * data's, when the caller computed it already (on another thread).
   */
  async add(name: string, data: Buffer, record = true, sha256?: string): Promise<void> {
    if (data.length > MAX_SIZE) throw new Error(`archive entry ${name} is larger than 8 GiB`);
    sha256 ??= createHash('sha256').update(data).digest('hex');
    if (record) this.entries.push({ name, size: data.length, sha256 });
    const parts =
      Buffer.byteLength(name) > 100 && !splitPath(name) ? paxPath(this.header, name) : ([] as Buffer[]);
    parts.push(encodeHeader(this.header, name, data.length, '0'), data, padding(data.length));
    await this.write(parts);
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
    this.out.cork();
    let ok = true;
    for (const part of parts) ok = this.out.write(part);
    this.out.uncork();
    // Two writers may wait here at once (the dump and the file copy); a destroyed output ends the wait.
    if (!ok && !this.out.destroyed) await drained(this.out);
    if (this.out.errored) throw this.out.errored;
    if (this.out.destroyed) throw new Error('the archive output was closed');
  }
}
