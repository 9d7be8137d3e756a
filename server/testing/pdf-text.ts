import { inflateSync } from 'node:zlib';

/** The text pdfkit drew (hex strings in its deflated content streams), without spaces or line breaks. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let text = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const h of content.matchAll(/<([0-9a-f]+)>/g))
      text += Buffer.from(h[1] as string, 'hex').toString('latin1');
  }
  return text.replace(/\s+/g, '');
}
