import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { stripJpegMetadata } from './jpeg-metadata.ts';

const jpeg = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } } })
    .jpeg()
    .toBuffer();

/** A COM segment with the given text, put right after SOI. */
function withComment(j: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([j.subarray(0, 2), seg, body, j.subarray(2)]);
}

describe('stripJpegMetadata', () => {
  it('keeps a plain JPEG byte for byte', async () => {
    const j = await jpeg();
    expect(stripJpegMetadata(j)?.equals(j)).toBe(true);
  });
  it('drops comments and anything appended after the end of the image', async () => {
    const j = await jpeg();
    const hostile = Buffer.concat([
      withComment(j, '<script>alert(1)</script>'),
      Buffer.from('PK\u0003\u0004zip'),
    ]);
    const out = stripJpegMetadata(hostile);
    expect(out?.equals(j)).toBe(true);
  });
});
