// Tar (ustar) headers. These functions use nothing but each other and their arguments: the local
// file reader's worker thread runs their own source text (local-files-reader.ts), so the archive's
// file entries are encoded there, on the second core, exactly as the writer encodes the rest.

export interface HeaderTemplate {
  template: Buffer;
  sum: number;
}

export function tarOctal(header: Buffer, value: number, offset: number, length: number) {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/**
 * Every header of an archive differs only in its name, size, type and checksum: the rest is copied
 * from a template made once per archive (a few microseconds per file add up over 150,000).
 */
export function tarHeaderTemplate(mtime: number): HeaderTemplate {
  const template = Buffer.alloc(512);
  tarOctal(template, 0o600, 100, 8);
  tarOctal(template, 0, 108, 8);
  tarOctal(template, 0, 116, 8);
  tarOctal(template, mtime, 136, 12);
  template.write('        ', 148, 8, 'ascii');
  template.write('ustar\x0000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of template) sum += byte;
  return { template, sum };
}

/** [prefix, name] for a path of up to 256 bytes that ustar can hold without a pax record. */
export function tarSplitPath(name: string): [string, string] | undefined {
  if (Buffer.byteLength(name) <= 100) return undefined;
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return [prefix, rest];
  }
  return undefined;
}

/** One header block; a longer path goes into the ustar prefix field, split at a slash. */
export function tarHeader(base: HeaderTemplate, name: string, size: number, type: '0' | 'x'): Buffer {
  const header = Buffer.from(base.template);
  let sum = base.sum;
  const [prefix, rest] = tarSplitPath(name) ?? ['', name];
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

/**
 * The blocks that go before an entry's own header: none, or a pax extended header carrying a
 * path longer than ustar can hold (header, record, padding, as one buffer).
 */
export function tarLongName(base: HeaderTemplate, name: string): Buffer {
  if (Buffer.byteLength(name) <= 100 || tarSplitPath(name)) return Buffer.alloc(0);
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length++;
  const record = Buffer.from(`${length}${body}`);
  const padded = Buffer.alloc(Math.ceil(record.length / 512) * 512);
  record.copy(padded);
  return Buffer.concat([tarHeader(base, 'PaxHeader', record.length, 'x'), padded]);
}
