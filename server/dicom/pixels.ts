import sharp from 'sharp';
import { jpegPhotometric, readJpegFrame } from './jpeg-frame.ts';

export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface DicomPixels {
  transferSyntax: string;
  photometric: string;
  samplesPerPixel: number;
  rows: number;
  columns: number;
  /** The JPEG stream itself (encapsulated), or the raw interleaved pixels. */
  data: Buffer;
  /** Set when the pixels went through lossy compression (the JPEG original). */
  lossyRatio: number | undefined;
}

/**
 * The pixels of an original as DICOM carries them: a baseline JPEG as it is (no re-encoding, so
 * nothing more is lost); anything else (PNG, progressive JPEG) as raw 8-bit RGB, transparency
 * flattened onto white.
 */
export async function dicomPixels(original: Buffer, contentType: string): Promise<DicomPixels> {
  if (contentType === 'image/jpeg') {
    const frame = readJpegFrame(original);
    const photometric = frame?.baseline ? jpegPhotometric(frame) : undefined;
    if (frame && photometric) {
      const raw = frame.rows * frame.columns * frame.components;
      return {
        transferSyntax: JPEG_BASELINE,
        photometric,
        samplesPerPixel: frame.components,
        rows: frame.rows,
        columns: frame.columns,
        data: original,
        lossyRatio: raw / original.length,
      };
    }
  }
  const { data, info } = await sharp(original)
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const lossy = contentType === 'image/jpeg';
  return {
    transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
    photometric: 'RGB',
    samplesPerPixel: 3,
    rows: info.height,
    columns: info.width,
    // Values of odd length get one padding byte (PS3.5 7.1.1).
    data: data.length % 2 ? Buffer.concat([data, Buffer.alloc(1)]) : data,
    lossyRatio: lossy ? (info.width * info.height * 3) / original.length : undefined,
  };
}
