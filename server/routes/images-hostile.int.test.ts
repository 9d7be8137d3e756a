import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { bombPng, withJpegComment } from '../testing/hostile-files.ts';

// Hostile uploads. Polyglots are stored, but only the image: comments, text chunks and anything
// appended after the image are dropped, and files are served with nosniff and a
// Content-Disposition. Bombs, SVG and other non-images are refused; names never reach storage.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Hostile Clinic');
});
afterAll(() => t?.close());

const filesOnDisk = () =>
  readdirSync(t.storage.root, { recursive: true }).filter((f) => String(f).includes('.')).length;

async function original(id: string) {
  return t.app.inject({ url: `/api/images/${id}/file?size=original`, headers: clinic.clinician.headers });
}

const HTML = Buffer.from('<html><body><script>fetch("/api/patients")</script></body></html>');
const ZIP = Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000evil.html');

describe('hostile uploads', () => {
  it('stores polyglots as the image only, served with nosniff and a Content-Disposition', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'poly-1' });
    const jpeg = await makeJpeg(120, 90);
    const png = await makePng(40, 30);
    const res = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'zip.jpg', data: Buffer.concat([jpeg, ZIP]) },
      { filename: 'html.jpg', data: Buffer.concat([jpeg, HTML]) },
      { filename: 'comment.jpg', data: withJpegComment(jpeg, '<script>alert(document.cookie)</script>') },
      { filename: 'html.png', data: Buffer.concat([png, HTML]), contentType: 'text/html' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json().created as { id: string; filename: string }[];
    expect(created).toHaveLength(4);
    for (const image of created) {
      const file = await original(image.id);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^image\/(jpeg|png)$/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-disposition']).toMatch(/^inline; filename="[^"]+"/);
      const bytes = file.rawPayload;
      for (const needle of ['<script', '<html', 'PK\u0003\u0004']) {
        expect(bytes.includes(needle), `${image.filename} holds ${needle}`).toBe(false);
      }
    }
    // The JPEGs keep their compressed pixels byte for byte.
    expect((await original(created[0]?.id ?? '')).rawPayload.equals(jpeg)).toBe(true);
  });

  it('refuses a 50,000 × 50,000 decompression bomb without decoding it', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'bomb-1' });
    const before = filesOnDisk();
    const rss = process.memoryUsage().rss;
    const res = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'bomb.png', data: bombPng(50_000) },
    ]);
    // A batch answers per file: nothing created, the bomb rejected with a reason.
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      created: [],
      rejected: [{ filename: 'bomb.png', code: 'too_many_pixels', message: expect.any(String) }],
    });
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(filesOnDisk()).toBe(before);
  });

  it('refuses SVG whatever it is called, and names never reach storage paths', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'names-1' });
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script></svg>',
    );
    const jpeg = await makeJpeg(30, 20);
    const res = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'photo.png', data: svg, contentType: 'image/png' },
      { filename: 'photo.svg', data: Buffer.concat([Buffer.from('<?xml version="1.0"?>'), svg]) },
      { filename: '..\\..\\windows\\evil.jpg', data: jpeg },
      { filename: '/etc/passwd', data: jpeg },
      { filename: '..', data: jpeg },
    ]);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.rejected.map((r: { code: string }) => r.code)).toEqual([
      'unsupported_type',
      'unsupported_type',
    ]);
    expect(body.created.map((i: { filename: string }) => i.filename)).toEqual([
      'evil.jpg',
      'passwd',
      'image',
    ]);
    const paths = readdirSync(t.storage.root, { recursive: true }).map(String);
    expect(paths.some((f) => /evil|passwd|windows|\.\./.test(f))).toBe(false);
  });

  it('refuses a signature that is not a plain PNG: appended HTML, text chunks, a bomb', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'sig-1' });
    const sign = (png: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${p.id}/consents`,
        headers: clinic.clinician.headers,
        payload: { method: 'signature', signature: `data:image/png;base64,${png.toString('base64')}` },
      });
    const png = await makePng(300, 100);
    for (const bad of [Buffer.concat([png, HTML]), bombPng(50_000)]) {
      const res = await sign(bad);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details.fields.signature).toBeDefined();
    }
    const ok = await sign(png);
    expect(ok.statusCode).toBe(201);
    const file = await t.app.inject({ url: ok.json().signatureUrl, headers: clinic.clinician.headers });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="consent-[^"]+\.png"/);
  });

  it('serves the report PDF as an attachment with nosniff', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'rep-1' });
    const res = await t.app.inject({
      url: `/api/patients/${p.id}/report.pdf`,
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="vellum-rep-1.pdf"; filename*=UTF-8''vellum-rep-1.pdf`,
    );
  });
});
