import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// A multipart upload trickled a few bytes at a time and never finished (slow loris) must be cut
// off by the request timeout (VELLUM_REQUEST_TIMEOUT_SECONDS, 2 s here) while the server goes on.

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ requestTimeoutSeconds: 2 });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

describe('slow uploads', () => {
  it('times out a multipart body that never finishes, with 408, and keeps serving', async () => {
    const clinic = await seedAccount(t, 'Slow Clinic');
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'slow-1' });
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const boundary = 'slowloris';
    socket.write(
      `POST /api/patients/${p.id}/images HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: ${clinic.clinician.headers.authorization}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n` +
        'Content-Type: image/jpeg\r\n\r\n',
    );
    const started = Date.now();
    const trickle = setInterval(() => socket.writable && socket.write('x'), 200);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 20_000))]);
    clearInterval(trickle);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const images = await fetch(`${base}/api/patients/${p.id}/images`, { headers: clinic.clinician.headers });
    expect(((await images.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
