import { createHash } from 'node:crypto';
import { once } from 'node:events';
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

function encodeHeader(name: string, size: number, mtime: number, type: '0' | 'x'): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  octal(header, type === 'x' ? 0o644 : 0o600, 100, 8);
  octal(header, 0, 108, 8);
  octal(header, 0, 116, 8);
  octal(header, size, 124, 12);
  octal(header, mtime, 136, 12);
  header.write('        ', 148, 8, 'ascii');
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\x0000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** A pax extended header carrying a path longer than the 100 bytes of the ustar name field. */
function paxPath(name: string, mtime: number): Buffer[] {
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length++;
  const record = Buffer.from(`${length}${body}`);
  return [encodeHeader('PaxHeader', record.length, mtime, 'x'), record, padding(record.length)];
}

const padding = (size: number) => ZEROS.subarray(0, (BLOCK - (size % BLOCK)) % BLOCK);

export class TarWriter {
  readonly entries: ManifestEntry[] = [];
  bytes = 0;
  private readonly mtime: number;

  constructor(
    private readonly out: Writable,
    at: Date,
  ) {
    this.mtime = Math.floor(at.getTime() / 1000);
  }

  /** Appends one entry; resolves once the output accepts more (backpressure). */
  async add(name: string, data: Buffer, record = true): Promise<void> {
    if (data.length > MAX_SIZE) throw new Error(`archive entry ${name} is larger than 8 GiB`);
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (record) this.entries.push({ name, size: data.length, sha256 });
    const parts = Buffer.byteLength(name) > 100 ? paxPath(name, this.mtime) : ([] as Buffer[]);
    parts.push(encodeHeader(name.slice(0, 100), data.length, this.mtime, '0'), data, padding(data.length));
    await this.write(parts);
  }

  /** The two zero blocks that end a tar. */
  async end(): Promise<void> {
    await this.write([ZEROS]);
  }

  private async write(parts: Buffer[]) {
    this.out.cork();
    let ok = true;
    for (const part of parts) {
      if (part.length === 0) continue;
      ok = this.out.write(part);
      this.bytes += part.length;
    }
    this.out.uncork();
    if (!ok && !this.out.destroyed) await once(this.out, 'drain');
    if (this.out.errored) throw this.out.errored;
  }
}
