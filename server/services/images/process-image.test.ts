import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageRejected, processImage } from './process-image.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vimg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(bytes: Buffer) {
  const f = path.join(dir, `f${n++}`);
  writeFileSync(f, bytes);
  return f;
}

const photo = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 120, b: 90 } } });

describe('processImage', () => {
  it('keeps an upright JPEG without metadata byte for byte and makes preview and thumbnail', async () => {
    const jpeg = await photo(2400, 1800).jpeg().toBuffer();
    const out = await processImage(file(jpeg));
    expect(out.original.equals(jpeg)).toBe(true);
    expect(out).toMatchObject({ contentType: 'image/jpeg', width: 2400, height: 1800 });
    const prev = await sharp(out.preview).metadata();
    const thumb = await sharp(out.thumbnail).metadata();
    expect([prev.width, prev.height]).toEqual([1600, 1200]);
    expect([thumb.width, thumb.height]).toEqual([320, 240]);
  });

  it('removes GPS but keeps the capture time of a JPEG, without re-encoding its pixels', async () => {
    const jpeg = await photo(800, 600)
      .jpeg()
      .withExif({
        IFD0: { Make: 'Cam' },
        IFD2: { DateTimeOriginal: '2025:03:04 10:11:12' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
      })
      .toBuffer();
    expect(exifReader((await sharp(jpeg).metadata()).exif as Buffer).GPSInfo).toBeDefined();
    const out = await processImage(file(jpeg));
    expect(out.capturedAt?.toISOString()).toBe('2025-03-04T10:11:12.000Z');
    const meta = await sharp(out.original).metadata();
    expect(meta.exif).toBeUndefined();
    expect(out.original.length).toBeLessThan(jpeg.length);
    // Same entropy-coded data: only the metadata segment is gone.
    expect(jpeg.subarray(jpeg.length - 200).equals(out.original.subarray(out.original.length - 200))).toBe(
      true,
    );
  });

  it('applies EXIF orientation', async () => {
    const rotated = await photo(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await processImage(file(rotated));
    expect([out.width, out.height]).toEqual([200, 400]);
    const meta = await sharp(out.original).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([200, 400, 1]);
  });

  it('converts TIFF to PNG and accepts PNG, WebP, AVIF and GIF', async () => {
    const tiff = await processImage(file(await photo(50, 40).tiff().toBuffer()));
    expect(tiff.contentType).toBe('image/png');
    expect((await sharp(tiff.original).metadata()).format).toBe('png');
    for (const [fmt, type] of [
      ['png', 'image/png'],
      ['webp', 'image/webp'],
      ['avif', 'image/avif'],
      ['gif', 'image/gif'],
    ] as const) {
      const out = await processImage(file(await photo(64, 48).toFormat(fmt).toBuffer()));
      expect(out.contentType).toBe(type);
    }
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF')],
    [
      'an SVG',
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      ),
    ],
    ['a zip', Buffer.from('PK\u0003\u0004rest-of-zip')],
    ['empty bytes', Buffer.alloc(0)],
  ])('refuses %s as unsupported_type', async (_name, bytes) => {
    await expect(processImage(file(bytes))).rejects.toMatchObject({ code: 'unsupported_type' });
  });

  it('refuses a truncated JPEG as corrupt_image', async () => {
    const jpeg = await photo(1200, 900).jpeg().toBuffer();
    const err = await processImage(file(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).catch((e) => e);
    expect(err).toBeInstanceOf(ImageRejected);
    expect(err.code).toBe('corrupt_image');
  });

  it('refuses a decompression bomb before decoding it', async () => {
    // A tiny PNG whose header claims 20000 x 20000 pixels.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(20000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1000))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    await expect(processImage(file(png))).rejects.toMatchObject({ code: 'too_many_pixels' });
  });
});
