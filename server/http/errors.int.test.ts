import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import { cookieLogin, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// API.md "Errors": every error answers {error: {code, message, details?}}; none of these is a 500.
// expectError checks the exact shape and the code of each answer.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
});
afterAll(() => t?.close());

const json = { 'content-type': 'application/json' };

describe('error shapes', () => {
  it('invalid input: 422 invalid_input with the offending fields in details.fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: clinic.clinician.headers,
      payload: { uniqueId: 'ab', email: 'x', sex: 'robot' },
    });
    const fields = expectInvalidFields(res, ['email', 'sex']);
    expect(Object.values(fields).every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
  });

  it('invalid input in the query string: 422 naming the parameter', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients?pageSize=lots',
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(res, ['pageSize']);
  });

  it('a JSON array or string where an object belongs: 422, not 500', async () => {
    for (const payload of ['[]', '"text"', '42', 'null']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...clinic.clinician.headers, ...json },
        payload,
      });
      expectError(res, 422, 'invalid_input');
    }
  });

  it('deeply nested JSON: 422, not 500', async () => {
    for (const payload of [
      '['.repeat(100_000) + ']'.repeat(100_000),
      `{"uniqueId":"ab","note":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...clinic.clinician.headers, ...json },
        payload,
      });
      expectError(res, 422, 'invalid_input');
    }
  });

  it('invalid JSON: 400 invalid_json', async () => {
    for (const payload of ['{bad', '{"uniqueId": "ab",}', '']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...clinic.clinician.headers, ...json },
        payload,
      });
      expectError(res, 400, 'invalid_json');
    }
  });

  it('a body over 1 MB: 413 payload_too_large, signed in or not', async () => {
    const payload = JSON.stringify({ uniqueId: 'big-1', note: 'x'.repeat(1024 * 1024) });
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...clinic.clinician.headers, ...json },
      payload,
    });
    expectError(signedIn, 413, 'payload_too_large');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/patients?q=big',
      headers: clinic.clinician.headers,
    });
    expect(list.json().total).toBe(0);
  });

  it('a body in another format than JSON: 415 unsupported_media_type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...clinic.clinician.headers, 'content-type': 'application/xml' },
      payload: '<patient/>',
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('an unknown path or method: 404 not_found, signed in or not', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/nope' }), 404, 'not_found');
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/nope', headers: clinic.clinician.headers }),
      404,
      'not_found',
    );
    expectError(
      await t.app.inject({ method: 'DELETE', url: '/api/patients', headers: clinic.admin.headers }),
      404,
      'not_found',
    );
    expectError(
      await t.app.inject({ method: 'PUT', url: '/api/settings', headers: clinic.admin.headers }),
      404,
      'not_found',
    );
  });

  it('no credentials: 401 unauthorized', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/patients' }), 401, 'unauthorized');
    expectError(await t.app.inject({ method: 'GET', url: '/api/auth/me' }), 401, 'unauthorized');
  });

  it('no credentials: 401 even when the body is invalid or not JSON (input rules stay hidden)', async () => {
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/patients', payload: {} }),
      401,
      'unauthorized',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/patients', headers: json, payload: '{bad' }),
      401,
      'unauthorized',
    );
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/patients?pageSize=1000' }),
      401,
      'unauthorized',
    );
  });

  it('a bad bearer token: 401 unauthorized', async () => {
    for (const authorization of [
      'Bearer vlm_not-a-real-token',
      'Bearer nonsense',
      'Bearer',
      'Basic dXNlcjpwdw==',
    ]) {
      expectError(
        await t.app.inject({ method: 'GET', url: '/api/patients', headers: { authorization } }),
        401,
        'unauthorized',
      );
    }
  });

  it('a session cookie that is not (or no longer) valid: 401 unauthorized', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients',
      cookies: { vellum_session: 'forged' },
    });
    expectError(res, 401, 'unauthorized');
  });

  it('a cookie-authenticated write without the CSRF header: 403 csrf_failed', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      cookies: s.cookies,
      payload: { uniqueId: 'csrf-1' },
    });
    expectError(res, 403, 'csrf_failed');
  });

  it('a path with broken percent-encoding: 400 bad_url in the error shape', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients/%E0%A4%A',
      headers: clinic.clinician.headers,
    });
    expectError(res, 400, 'bad_url');
  });

  it('an over-long id in the path: 414 uri_too_long in the error shape', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${'a'.repeat(300)}`,
      headers: clinic.clinician.headers,
    });
    expectError(res, 414, 'uri_too_long');
  });

  it('a NUL character in a text field or the query: 422 naming it (PostgreSQL text cannot hold it)', async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: clinic.clinician.headers,
      payload: { uniqueId: 'nul-1', firstName: 'A\u0000B' },
    });
    expectInvalidFields(create, ['firstName']);
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/patients?q=%00',
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(search, ['q']);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'a\u0000@b.ch', password: 'x' },
    });
    expectInvalidFields(login, ['email']);
    const tag = await t.app.inject({
      method: 'POST',
      url: '/api/tag-categories',
      headers: clinic.admin.headers,
      payload: { name: 'x\u0000', color: '#000000' },
    });
    expectInvalidFields(tag, ['name']);
  });

  it('a tag filter id that cannot be an id: 422 naming tags, not 500', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients?tags=abc',
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(res, ['tags']);
  });

  it('errors carry no stack trace or SQL', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients/nope',
      headers: clinic.clinician.headers,
    });
    expect(res.body).not.toMatch(/stack|select |at .*\.ts:/i);
  });
});
