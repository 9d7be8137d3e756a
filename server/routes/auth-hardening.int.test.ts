import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_FAILURES, LOCKOUT_MS, LOCKOUT_WINDOW_MS } from '../domain/login-lockout.ts';
import { totpCode } from '../domain/totp.ts';
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

describe('a lockout that holds', () => {
  const lockUp = async (email: string) => {
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      expect((await login(email, `Wrong-Password-${i}!`)).statusCode).toBe(401);
  };

  it('stays locked the full period however many attempts are sent meanwhile', async () => {
    const clinic2 = await seedAccount(t, 'Hold Clinic');
    const user = clinic2.clinician;
    const lockedAt = t.clock.now().getTime();
    await lockUp(user.email);
    // Thirty more wrong attempts (as many as the events the lock used to be read from)...
    let wrong = await login(user.email, 'Still-Wrong-42!');
    for (let i = 1; i < 3 * LOCKOUT_FAILURES; i++) wrong = await login(user.email, 'Still-Wrong-42!');
    // ...and the right password is still refused exactly like a wrong one until the period ends.
    const right = await login(user.email, TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.body).toBe(wrong.body);
    // The clock runs at real speed: the lock is read back rather than timed.
    const [row] = await t.database.raw('select locked_until from users where id = $1', [user.id]);
    const until = new Date(row?.locked_until as string | Date).getTime();
    expect(until - lockedAt).toBeGreaterThanOrEqual(LOCKOUT_MS);
    t.clock.set(new Date(until - 60_000));
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    t.clock.set(new Date(until));
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('counts wrong second-factor codes like wrong passwords', async () => {
    const clinic2 = await seedAccount(t, 'Code Clinic');
    const user = clinic2.clinician;
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/setup',
      headers: user.headers,
      payload: {},
    });
    const { secret } = setup.json() as { secret: string };
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: user.headers,
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(enable.statusCode).toBe(200);
    t.clock.advance(60_000);
    const withCode = (totp: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD, totp },
      });
    const good = totpCode(secret, t.clock.now());
    const bad = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      const res = await withCode(bad);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('totp_invalid');
    }
    // Locked: the right password with a valid code is refused like a wrong password.
    const res = await withCode(good);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    expect(await auditActions(user.id)).toContain('auth.lockout');
  });

  it('counts failures by time: nine, a pause shorter than the window, two more lock', async () => {
    const clinic2 = await seedAccount(t, 'Window Clinic');
    const user = clinic2.assistant;
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) await login(user.email, 'Wrong-Password-1!');
    t.clock.advance(LOCKOUT_WINDOW_MS - 60_000);
    await login(user.email, 'Wrong-Password-1!');
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
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
