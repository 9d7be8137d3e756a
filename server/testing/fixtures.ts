import sharp from 'sharp';
import type { BlobStore } from '../storage/blob-store.ts';
import type { TestApp } from './harness.ts';

/** Small real images made by the tests themselves. */
export const makeJpeg = (w = 640, h = 480, color = { r: 200, g: 120, b: 90 }) =>
  sharp({ create: { width: w, height: h, channels: 3, background: color } })
    .jpeg()
    .toBuffer();

export const makePng = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();

export interface FilePart {
  filename: string;
  data: Buffer;
  contentType?: string;
}

/** A multipart/form-data body: the form fields, then one `file` part per file. */
export function multipart(files: FilePart[], fields: Record<string, string> = {}) {
  const boundary = `----vellum${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads files to a patient's pool and returns the parsed answer. */
export async function upload(
  t: TestApp<BlobStore>,
  headers: Record<string, string>,
  patientId: string,
  files: FilePart[],
  fields?: Record<string, string>,
) {
  const body = multipart(files, fields);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/images`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  return res;
}
