import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  cookieLogin,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { changeFirstPassword } from '../testing/passwords.ts';

// PRODUCT.md §1 sign-in and docs/SECURITY-MODEL.md: sessions in cookies, CSRF, sign-out, ending
// all sessions, API tokens, and the audit of failed sign-ins.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
const me = (cookies: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });

async function auditActions(action: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/audit?action=${action}`,
    headers: root.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    actorEmail: string;
    actorId: string | null;
    details: Record<string, unknown>;
  }[];
}

describe('sign-in', () => {
  it('answers 200 with the user and a CSRF token, and sets the session and CSRF cookies', async () => {
    const res = await login(clinic.clinician.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      id: clinic.clinician.id,
      email: clinic.clinician.email,
      role: 'clinician',
      accountId: clinic.account.id,
      accountName: 'Skin Clinic',
    });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|argon|\$2|Another-Good|Correct-Horse/i);
    const session = res.cookies.find((c) => c.name === 'vellum_session');
    const csrf = res.cookies.find((c) => c.name === 'vellum_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.value.length).toBeGreaterThanOrEqual(40);
    expect(csrf).toMatchObject({ sameSite: 'Lax', path: '/' });
    expect(csrf?.httpOnly).not.toBe(true);
    expect(csrf?.value).toBe(body.csrfToken);
  });

  it('opens a new session at every sign-in', async () => {
    const one = await cookieLogin(t, clinic.clinician.email);
    const two = await cookieLogin(t, clinic.clinician.email);
    expect(one.cookies.vellum_session).not.toBe(two.cookies.vellum_session);
  });

  it('takes the e-mail in any case', async () => {
    expect((await login('CLINICIAN@Skin-Clinic.test', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a wrong password with 401, sets no cookie, and audits auth.login_failed', async () => {
    const res = await login(clinic.assistant.email, 'Wrong-Horse-42!');
    expectError(res, 401, 'unauthorized');
    expect(res.cookies).toEqual([]);
    const failed = await auditActions('auth.login_failed');
    expect(failed[0]).toMatchObject({
      actorEmail: clinic.assistant.email,
      actorId: clinic.assistant.id,
      details: { reason: 'wrong_password' },
    });
  });

  it('refuses an unknown e-mail with the same 401 and audits it too', async () => {
    const res = await login('nobody@skin-clinic.test', TEST_PASSWORD);
    const error = expectError(res, 401, 'unauthorized');
    expect(error.message).toBe(
      expectError(await login(clinic.admin.email, 'nope'), 401, 'unauthorized').message,
    );
    const failed = await auditActions('auth.login_failed');
    expect(failed.find((e) => e.actorEmail === 'nobody@skin-clinic.test')).toMatchObject({
      actorId: null,
      details: { reason: 'unknown_user' },
    });
  });

  it('audits a successful sign-in as auth.login', async () => {
    await cookieLogin(t, clinic.admin.email);
    const events = await auditActions('auth.login');
    expect(events[0]).toMatchObject({ actorEmail: clinic.admin.email, actorId: clinic.admin.id });
  });
});

describe('the session', () => {
  it('GET /api/auth/me answers the user and the CSRF token of the session', async () => {
    const s = await cookieLogin(t, clinic.assistant.email);
    const res = await me(s.cookies);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { id: clinic.assistant.id, role: 'assistant' },
      csrfToken: s.csrfHeader['x-csrf-token'],
    });
  });

  it('refuses a cookie-authenticated write without x-csrf-token (403 csrf_failed), and with a wrong one', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies: s.cookies,
        headers,
        payload: { uniqueId: 'c-1' },
      });
    expectError(await post({}), 403, 'csrf_failed');
    expectError(await post({ 'x-csrf-token': 'guess' }), 403, 'csrf_failed');
    const other = await cookieLogin(t, clinic.clinician.email);
    expectError(await post(other.csrfHeader), 403, 'csrf_failed');
    const list = await t.app.inject({ method: 'GET', url: '/api/patients?q=c-1', cookies: s.cookies });
    expect(list.json().total).toBe(0);
  });

  it('accepts a cookie-authenticated write with the session’s x-csrf-token', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      cookies: s.cookies,
      headers: s.csrfHeader,
      payload: { uniqueId: 'c-2' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('needs no CSRF header for reads', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/patients', cookies: s.cookies })).statusCode).toBe(
      200,
    );
  });

  it('ends after its lifetime (12 hours): then 401', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    // In use all along (a request every 20 minutes, so it is never idle: session-idle.int.test.ts).
    for (let i = 0; i < 35; i++) {
      t.clock.advance(20 * 60_000);
      expect((await me(s.cookies)).statusCode).toBe(200);
    }
    t.clock.advance(21 * 60_000);
    expectError(await me(s.cookies), 401, 'unauthorized');
  });
});

describe('sign-out', () => {
  it('logout answers 204, clears the cookies and ends the session (then 401)', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: s.cookies,
      headers: s.csrfHeader,
    });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.filter((c) => ['vellum_session', 'vellum_csrf'].includes(c.name));
    expect(cleared.map((c) => c.value)).toEqual(['', '']);
    expectError(await me(s.cookies), 401, 'unauthorized');
    expect((await auditActions('auth.logout'))[0]).toMatchObject({ actorId: clinic.clinician.id });
  });

  it('logout ends only that session', async () => {
    const one = await cookieLogin(t, clinic.admin.email);
    const two = await cookieLogin(t, clinic.admin.email);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: one.cookies,
      headers: one.csrfHeader,
    });
    expect((await me(two.cookies)).statusCode).toBe(200);
  });

  it('sessions/end-all ends every session of the user, and no one else’s', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: clinic.admin.headers,
      payload: { email: 'two-devices@skin-clinic.test', password: TEST_PASSWORD, role: 'assistant' },
    });
    expect(created.statusCode).toBe(201);
    const password = await changeFirstPassword(t, 'two-devices@skin-clinic.test');
    const one = await cookieLogin(t, 'two-devices@skin-clinic.test', password);
    const two = await cookieLogin(t, 'two-devices@skin-clinic.test', password);
    const someoneElse = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sessions/end-all',
      cookies: one.cookies,
      headers: one.csrfHeader,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ended: 2 });
    expectError(await me(one.cookies), 401, 'unauthorized');
    expectError(await me(two.cookies), 401, 'unauthorized');
    expect((await me(someoneElse.cookies)).statusCode).toBe(200);
    expect((await auditActions('auth.sessions_ended'))[0]).toMatchObject({
      actorId: created.json().id,
      details: { count: 2 },
    });
  });
});

describe('API tokens', () => {
  it('creates a vlm_ token, shown once, that works as a bearer token with the user’s rights', async () => {
    const s = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      cookies: s.cookies,
      headers: s.csrfHeader,
      payload: { name: 'scanner' },
    });
    expect(res.statusCode).toBe(201);
    const { token, name } = res.json();
    expect(name).toBe('scanner');
    expect(token).toMatch(/^vlm_[A-Za-z0-9_-]{40,}$/);
    const bearer = { authorization: `Bearer ${token}` };
    const who = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(who.json()).toMatchObject({ user: { id: clinic.clinician.id }, csrfToken: null });
    // A bearer token is not sent by browsers on their own: writes need no CSRF header.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer,
      payload: { uniqueId: 'tok-1' },
    });
    expect(created.statusCode).toBe(201);
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/tags',
      headers: bearer,
      payload: { name: 'x', categoryId: 'y' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('refuses a token name that is blank with 422', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: clinic.clinician.headers,
      payload: { name: '  ' },
    });
    expectError(res, 422, 'invalid_input');
  });

  it('refuses an unknown or malformed bearer token with 401', async () => {
    for (const authorization of ['Bearer vlm_unknown', 'Bearer ', 'Token abc']) {
      expectError(
        await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } }),
        401,
        'unauthorized',
      );
    }
  });
});
