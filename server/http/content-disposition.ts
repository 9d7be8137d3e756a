/**
 * A Content-Disposition header for any file name: an ASCII fallback (quotes, backslashes and
 * anything outside printable ASCII replaced) and the exact name UTF-8 encoded (RFC 6266 / 8187).
 * A raw name with a quote would break the header; one outside Latin-1 would make Node throw.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  let encoded = '';
  for (const byte of Buffer.from(filename, 'utf8')) {
    const c = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9!#$&+.^_`|~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
