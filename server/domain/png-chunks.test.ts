import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPlainPng } from './png-chunks.ts';

const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .png()
    .toBuffer();

describe('isPlainPng', () => {
  it('accepts a plain PNG', async () => {
    expect(isPlainPng(await png())).toBe(true);
  });
  it('refuses bytes after IEND, text chunks, truncation and non-PNG', async () => {
    const p = await png();
    expect(isPlainPng(Buffer.concat([p, Buffer.from('<html><script>alert(1)</script>')]))).toBe(false);
    const text = Buffer.alloc(12 + 9);
    text.writeUInt32BE(9, 0);
    text.write('tEXt', 4, 'latin1');
    text.write('a\u0000<script', 8, 'latin1');
    expect(isPlainPng(Buffer.concat([p.subarray(0, 33), text, p.subarray(33)]))).toBe(false);
    expect(isPlainPng(p.subarray(0, p.length - 5))).toBe(false);
    expect(isPlainPng(Buffer.from('GIF89a'))).toBe(false);
  });
});
