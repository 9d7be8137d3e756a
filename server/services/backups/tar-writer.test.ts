import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { TarWriter } from './tar-writer.ts';

const names = [
  'vellum-backup.json',
  `files/accounts/${'a'.repeat(36)}/images/${'b'.repeat(36)}/original.jpg`, // ustar prefix field
  `files/${'c'.repeat(150)}/${'d'.repeat(90)}.bin`, // prefix field at its limits
  `files/${'e'.repeat(180)}.bin`, // no slash to split at: a pax record
];

async function archive() {
  const out = new PassThrough();
  const done = buffer(out);
  const writer = new TarWriter(out, new Date('2026-01-01T00:00:00Z'));
  for (const [i, name] of names.entries()) await writer.add(name, Buffer.alloc(i * 700 + 1, i + 65));
  await writer.end();
  out.end();
  return { bytes: await done, entries: writer.entries };
}

describe('the tar writer', () => {
  it('writes names of any length that tar-stream and GNU tar read back, with each checksum', async () => {
    const { bytes, entries } = await archive();
    expect(bytes.length % 512).toBe(0);
    const ex = extract();
    Readable.from([bytes]).pipe(ex as unknown as NodeJS.WritableStream);
    const read: [string, number][] = [];
    for await (const entry of ex)
      read.push([entry.header.name, (await buffer(entry as unknown as Readable)).length]);
    expect(read).toEqual(names.map((n, i) => [n, i * 700 + 1]));
    expect(entries.map((e) => e.name)).toEqual(names);
    expect(entries[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'vtar-'));
    try {
      writeFileSync(path.join(dir, 'a.tar'), bytes);
      expect(
        execFileSync('tar', ['-tf', path.join(dir, 'a.tar')], { encoding: 'utf8' })
          .trim()
          .split('\n'),
      ).toEqual(names);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
