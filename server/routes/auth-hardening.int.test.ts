import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_FAILURES } from '../domain/login-lockout.ts';
import { cookieLogin, seedAccount, startTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.ts';

// Per-user lockout after repeated wrong passwords, session rotation at sign-in, cookie flags
// behind TLS, and CSRF tokens bound to their session (docs/SECURITY.md).

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp({ secureCookies: true });
  clinic = await seedAccount(t, 'Lock Clinic');
});
afterAll(() => t?.close());

const login = (email: string, password: string, cookies: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, cookies });

async function auditActions(userId: string) {
  const rows = await t.database.raw(
    "select action, details from audit_events where actor_id = $1 and action like 'auth.%' order by seq",
    [userId],
  );
  return rows.map(
    (r) =>
      `${r.action}${(r.details as { reason?: string } | null)?.reason ? `:${(r.details as { reason: string }).reason}` : ''}`,
  );
}

describe('sign-in lockout', () => {
  it(`locks a user for 15 minutes after ${LOCKOUT_FAILURES} wrong passwords, with the same 401`, async () => {
    const user = clinic.assistant;
    const wrong = await login(user.email, 'Wrong-Password-1!');
    for (let i = 1; i < LOCKOUT_FAILURES; i++) {
      t.clock.advance(30_000);
      expect((await login(user.email, `Wrong-Password-${i}!`)).statusCode).toBe(401);
    }
    // Locked: the right password is refused exactly like a wrong one.
    const locked = await login(user.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toBe(wrong.body);
    expect(locked.cookies).toEqual([]);
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(1);
    expect(actions.at(-1)).toBe('auth.login_failed:locked');
    // Other users are not affected.
    expect((await login(clinic.clinician.email, TEST_PASSWORD)).statusCode).toBe(200);
    t.clock.advance(14 * 60_000);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    t.clock.advance(61_000);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('does not lock for wrong passwords spread over more than 15 minutes, nor across a sign-in', async () => {
    const user = clinic.admin;
    for (let i = 0; i < LOCKOUT_FAILURES + 3; i++) {
      t.clock.advance(2 * 60_000);
      expect((await login(user.email, 'Wrong-Password-1!')).statusCode).toBe(401);
    }
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) await login(user.email, 'Wrong-Password-1!');
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(user.id)).not.toContain('auth.lockout');
  });
});

describe('sessions and cookies', () => {
  it('rotates the session at sign-in: the cookie sent along, planted or old, is never authenticated', async () => {
    const planted = 'attacker-chosen-session-value-0123456789abcdef';
    const res = await login(clinic.clinician.email, TEST_PASSWORD, { vellum_session: planted });
    expect(res.statusCode).toBe(200);
    const fresh = res.cookies.find((c) => c.name === 'vellum_session')?.value ?? '';
    expect(fresh).not.toBe(planted);
    const me = (cookie: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { vellum_session: cookie } });
    expect((await me(planted)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
    // Signing in again from the same browser ends the session it had.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.clinician.email, password: TEST_PASSWORD },
      cookies: { vellum_session: fresh },
      headers: { 'x-csrf-token': res.json().csrfToken },
    });
    const next = again.cookies.find((c) => c.name === 'vellum_session')?.value ?? '';
    expect(next).not.toBe(fresh);
    expect((await me(fresh)).statusCode).toBe(401);
    expect((await me(next)).statusCode).toBe(200);
  });

  it('marks cookies Secure behind TLS; the session cookie HttpOnly and both SameSite=Lax', async () => {
    const { response } = await cookieLogin(t, clinic.clinician.email);
    const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = header.find((c) => c.startsWith('vellum_session='));
    const csrf = header.find((c) => c.startsWith('vellum_csrf='));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(csrf).toMatch(/; Secure/);
    expect(csrf).toMatch(/; SameSite=Lax/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it("refuses a cookie-authenticated write carrying another session's CSRF token", async () => {
    const mine = await cookieLogin(t, clinic.clinician.email);
    const theirs = await cookieLogin(t, clinic.clinician.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      cookies: mine.cookies,
      headers: theirs.csrfHeader,
      payload: { uniqueId: 'csrf-1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});
