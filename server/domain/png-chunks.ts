const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEXT = new Set(['tEXt', 'zTXt', 'iTXt']);

/**
 * Whether a PNG can be stored byte for byte: well-formed chunks, no text chunks (which carry
 * anything, scripts included) and nothing after IEND (a polyglot's payload). Otherwise the caller
 * re-encodes it, losslessly.
 */
export function isPlainPng(png: Buffer): boolean {
  if (png.length < SIGNATURE.length || !png.subarray(0, 8).equals(SIGNATURE)) return false;
  let pos = 8;
  while (pos + 12 <= png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const next = pos + 12 + length;
    if (next > png.length || TEXT.has(type)) return false;
    if (type === 'IEND') return next === png.length;
    pos = next;
  }
  return false;
}

/** Width and height from the IHDR chunk, or undefined when the bytes are no PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || !png.subarray(0, 8).equals(SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    return undefined;
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
