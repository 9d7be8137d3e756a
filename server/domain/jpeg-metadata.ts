/**
 * Removes the metadata segments of a JPEG that can carry location or identity (APP1: EXIF and XMP,
 * APP13: IPTC/Photoshop, COM: comments) and bytes after the image without touching the compressed pixels. Colour profiles
 * (APP2), JFIF (APP0) and Adobe (APP14) stay. Returns undefined when the bytes are not a JPEG this
 * code can walk; the caller then re-encodes instead.
 */
const EOI = Buffer.from([0xff, 0xd9]);

export function stripJpegMetadata(jpeg: Buffer): Buffer | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const kept: Buffer[] = [jpeg.subarray(0, 2)];
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) return undefined;
    const marker = jpeg[pos + 1] as number;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xda) {
      // Start of scan: entropy-coded data and scan markers up to the end-of-image marker; anything
      // appended after it (a ZIP, HTML: a polyglot) is dropped. Inside scans 0xFF is stuffed, so
      // the first FF D9 is the end. Without one the file is truncated and the decoder refuses it.
      const end = jpeg.indexOf(EOI, pos);
      kept.push(end === -1 ? jpeg.subarray(pos) : jpeg.subarray(pos, end + 2));
      return Buffer.concat(kept);
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(jpeg.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    const length = jpeg.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > jpeg.length) return undefined;
    const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe;
    if (!drop) kept.push(jpeg.subarray(pos, pos + 2 + length));
    pos += 2 + length;
  }
  return undefined;
}
