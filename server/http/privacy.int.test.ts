import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, upload } from '../testing/fixtures.ts';
import {
  cookieLogin,
  createPatient,
  logNextTestAppTo,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

// No patient data in logs or caches (docs/SECURITY.md): request logs name the route pattern, never
// the URL or body; JSON answers are not stored; files revalidate by ETag; sign-out clears the
// browser's cache and storage.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let log = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (d) => {
    log += d;
  });
  logNextTestAppTo(stream);
  t = await startTestApp({ logLevel: 'info' });
  clinic = await seedAccount(t, 'Privacy Clinic');
});
afterAll(() => t?.close());

describe('request logs', () => {
  it('carry the route pattern, method, status and time, never the query string or the body', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'priv-1', firstName: 'Alicia' });
    await t.app.inject({
      url: '/api/patients?name=Alicia&birthDateFrom=1980-01-01',
      headers: clinic.clinician.headers,
    });
    await t.app.inject({ url: `/fhir/R4/Patient?name=Alicia`, headers: clinic.clinician.headers });
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', route: '/api/patients', status: 200, ms: expect.any(Number) }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '/fhir/R4/:type' }));
    expect(log).not.toContain('Alicia');
    expect(log).not.toContain('1980-01-01');
    expect(log).not.toContain(p.id);
  });
});

describe('caches', () => {
  it('marks API and FHIR JSON answers no-store, errors included', async () => {
    for (const url of ['/api/patients', '/api/auth/me', '/fhir/R4/Patient', '/api/patients/nope']) {
      const res = await t.app.inject({ url, headers: clinic.clinician.headers });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    expect((await t.app.inject({ url: '/api/patients' })).headers['cache-control']).toBe('no-store');
  });

  it('serves image and signature files private, no-cache with an ETag, and 304 while unchanged', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'priv-2' });
    const image = (
      await upload(t, clinic.clinician.headers, p.id, [{ filename: 'a.jpg', data: await makeJpeg(40, 30) }])
    ).json().created[0];
    const consent = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/consents`,
      headers: clinic.clinician.headers,
      payload: {
        method: 'signature',
        signature: `data:image/png;base64,${(await makePng(80, 30)).toString('base64')}`,
      },
    });
    for (const url of [
      `/api/images/${image.id}/file`,
      `/api/images/${image.id}/file?size=thumbnail`,
      `/api/consents/${consent.json().id}/signature`,
    ]) {
      const res = await t.app.inject({ url, headers: clinic.clinician.headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('private, no-cache');
      const tag = String(res.headers.etag);
      expect(tag).toMatch(/^"[^"]+"$/);
      const again = await t.app.inject({
        url,
        headers: { ...clinic.clinician.headers, 'if-none-match': tag },
      });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
    const thumb = await t.app.inject({
      url: `/api/images/${image.id}/file?size=thumbnail`,
      headers: clinic.clinician.headers,
    });
    const original = await t.app.inject({
      url: `/api/images/${image.id}/file`,
      headers: clinic.clinician.headers,
    });
    expect(thumb.headers.etag).not.toBe(original.headers.etag);
  });

  it('answers sign-out with Clear-Site-Data for the cache and storage', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: s.cookies,
      headers: s.csrfHeader,
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['clear-site-data']).toBe('"cache", "storage"');
  });
});
