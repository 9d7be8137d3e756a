import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { cookieLogin, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// Found by the hostile-input test: Fastify parses text/plain (and the multipart plugin
// multipart) bodies on every route, so a route that reads no body ran with one.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Type Clinic');
});
afterAll(() => t?.close());

describe('request content types', () => {
  for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml']) {
    it(`a ${type} body to a route that reads none: 415, and the route does not run`, async () => {
      const session = await cookieLogin(t, clinic.clinician.email);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        cookies: session.cookies,
        headers: { ...session.csrfHeader, 'content-type': type },
        payload: '{"a":1}',
      });
      expectError(res, 415, 'unsupported_media_type');
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: session.cookies });
      expect(me.statusCode).toBe(200);
    });
  }

  it('a text/plain body to a JSON route: 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...clinic.clinician.headers, 'content-type': 'text/plain' },
      payload: JSON.stringify({ uniqueId: 'P-1' }),
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('JSON with a charset, and body-less writes, still work', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...clinic.clinician.headers, 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ uniqueId: 'P-2' }),
    });
    expect(created.statusCode).toBe(201);
    const session = await cookieLogin(t, clinic.clinician.email);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: session.cookies,
      headers: session.csrfHeader,
    });
    expect(out.statusCode).toBe(204);
  });
});
