import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import exifReader from 'exif-reader';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { stripJpegMetadata } from '../../domain/jpeg-metadata.ts';
import { isPlainPng } from '../../domain/png-chunks.ts';

/** Decompression-bomb guard: no accepted photo needs more than 100 megapixels. */
export const MAX_PIXELS = 100_000_000;
export const PREVIEW_EDGE = 1600;
export const THUMBNAIL_EDGE = 320;

export class ImageRejected extends Error {
  constructor(
    readonly code: 'unsupported_type' | 'corrupt_image' | 'too_many_pixels' | 'file_too_large',
    message: string,
  ) {
    super(message);
  }
}

export interface ProcessedImage {
  contentType: string;
  extension: string;
  width: number;
  height: number;
  capturedAt: Date | null;
  original: Buffer;
  sha256: string;
  preview: Buffer;
  thumbnail: Buffer;
}

const ACCEPTED: Record<string, { contentType: string; extension: string }> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
  gif: { contentType: 'image/gif', extension: 'gif' },
  avif: { contentType: 'image/avif', extension: 'avif' },
};

function captureTime(exif: Buffer | undefined): Date | null {
  if (!exif) return null;
  try {
    const parsed = exifReader(exif) as { Photo?: { DateTimeOriginal?: Date }; Image?: { DateTime?: Date } };
    const d = parsed.Photo?.DateTimeOriginal ?? parsed.Image?.DateTime;
    return d instanceof Date && !Number.isNaN(d.getTime()) ? d : null;
  } catch {
    return null;
  }
}

/**
 * Checks what a file really is (by its content, never its name), then makes what Vellum stores:
 * the original at full resolution, upright and without location metadata (TIFF becomes PNG), a
 * preview and a thumbnail. The file is decoded fully, so a truncated or corrupt image is refused.
 */
export async function processImage(file: string): Promise<ProcessedImage> {
  const input = await readFile(file);
  // 'truncated' makes libvips fail on a cut-off file instead of filling the rest with grey.
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'truncated' as const };
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('unsupported_type', 'This is not an image in a format Vellum accepts.');
  }
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  const tiff = format === 'tiff';
  const kind = tiff ? ACCEPTED.png : ACCEPTED[format ?? ''];
  if (!kind) {
    throw new ImageRejected('unsupported_type', 'Accepted formats are JPEG, PNG, WebP, AVIF, TIFF and GIF.');
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new ImageRejected('corrupt_image', 'The image has no size.');
  if (width * height > MAX_PIXELS) {
    throw new ImageRejected(
      'too_many_pixels',
      `The image has more than ${MAX_PIXELS / 1_000_000} megapixels.`,
    );
  }
  const upright = (meta.orientation ?? 1) === 1;
  const hasMetadata = Boolean(meta.exif || meta.xmp || meta.iptc);
  try {
    const base = sharp(input, options).autoOrient();
    const resized = (edge: number, quality: number) =>
      base
        .clone()
        .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality, mozjpeg: false })
        .toBuffer();
    const [original, preview, thumbnail] = await Promise.all([
      storedOriginal(input, base, format as string, upright, hasMetadata),
      resized(PREVIEW_EDGE, 82),
      resized(THUMBNAIL_EDGE, 75),
    ]);
    return {
      ...kind,
      width,
      height,
      capturedAt: captureTime(meta.exif),
      original,
      sha256: createHash('sha256').update(original).digest('hex'),
      preview,
      thumbnail,
    };
  } catch (err) {
    if (err instanceof ImageRejected) throw err;
    throw new ImageRejected('corrupt_image', 'The image is damaged or truncated and cannot be read.');
  }
}

/**
 * The cheapest faithful original: the bytes as uploaded when they are upright and carry no
 * metadata (for PNG: no text chunks and nothing after IEND); a JPEG's metadata segments cut out losslessly when only that is needed; otherwise a
 * re-encode of the upright pixels (lossless for PNG and TIFF, high quality for the rest).
 */
async function storedOriginal(
  input: Buffer,
  base: Sharp,
  format: string,
  upright: boolean,
  hasMetadata: boolean,
): Promise<Buffer> {
  if (format === 'tiff') return base.clone().png().toBuffer();
  // The preview and thumbnail decode the whole file, so a truncated one is refused there.
  // A JPEG always goes through the segment walk: it also drops comments and appended bytes.
  if (upright && format === 'jpeg') {
    const stripped = stripJpegMetadata(input);
    if (stripped) return stripped;
  }
  if (upright && !hasMetadata && format !== 'jpeg' && (format !== 'png' || isPlainPng(input))) return input;
  const out = base.clone();
  switch (format) {
    case 'jpeg':
      return out.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'png':
      return out.png().toBuffer();
    case 'webp':
      return out.webp({ quality: 95 }).toBuffer();
    case 'avif':
      return out.avif({ quality: 80 }).toBuffer();
    default:
      return out.gif().toBuffer();
  }
}
