/** What a JPEG's frame header says, enough to decide whether it can travel as JPEG Baseline. */
export interface JpegFrame {
  /** SOF0: baseline sequential, 8-bit. */
  baseline: boolean;
  precision: number;
  rows: number;
  columns: number;
  components: number;
  /** Horizontal and vertical sampling of each component. */
  sampling: Array<[number, number]>;
  /** An Adobe APP14 segment that says the colours are RGB, not YCbCr. */
  adobeRgb: boolean;
}

/** Reads the markers up to the first start-of-frame; undefined when there is none. */
export function readJpegFrame(data: Buffer): JpegFrame | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let adobeRgb = false;
  let i = 2;
  while (i + 4 <= data.length) {
    if (data[i] !== 0xff) return undefined;
    const marker = data.readUInt8(i + 1);
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const length = data.readUInt16BE(i + 2);
    const body = i + 4;
    if (marker === 0xee && data.toString('latin1', body, body + 5) === 'Adobe') {
      adobeRgb = data[body + 11] === 0;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const components = data.readUInt8(body + 5);
      const sampling: Array<[number, number]> = [];
      for (let c = 0; c < components; c++) {
        const s = data.readUInt8(body + 6 + c * 3 + 1);
        sampling.push([s >> 4, s & 0x0f]);
      }
      const precision = data.readUInt8(body);
      return {
        baseline: marker === 0xc0 && precision === 8,
        precision,
        rows: data.readUInt16BE(body + 1),
        columns: data.readUInt16BE(body + 3),
        components,
        sampling,
        adobeRgb,
      };
    }
    if (marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}

/**
 * The photometric interpretation of a baseline JPEG's decoded pixels (PS3.5 8.2.1): MONOCHROME2
 * for one component, YBR_FULL_422 when chroma is subsampled, YBR_FULL otherwise; undefined when
 * the JPEG cannot be described (RGB-coded Adobe files, odd component counts).
 */
export function jpegPhotometric(frame: JpegFrame): string | undefined {
  if (frame.components === 1) return 'MONOCHROME2';
  if (frame.components !== 3 || frame.adobeRgb) return undefined;
  const [luma = [1, 1], ...chroma] = frame.sampling;
  const subsampled = chroma.some((c) => c[0] < luma[0] || c[1] < luma[1]);
  return subsampled ? 'YBR_FULL_422' : 'YBR_FULL';
}
