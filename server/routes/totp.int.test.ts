import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../domain/totp.ts';
import { seedAccount, startTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../testing/harness.ts';

// TOTP two-factor: set up, enable with a code, sign in with it (once per code), disable; audited.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Totp Clinic');
});
afterAll(() => t?.close());

const call = (user: TestUser, url: string, payload?: object) =>
  t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: user.headers, payload });
const login = (email: string, totp?: string, password = TEST_PASSWORD) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password, ...(totp === undefined ? {} : { totp }) },
  });
const code = (secret: string, offsetMs = 0) => totpCode(secret, new Date(t.clock.now().getTime() + offsetMs));
const nextStep = () => t.clock.advance(30_000);

async function enable(user: TestUser) {
  const setup = await call(user, '/api/auth/totp/setup', {});
  expect(setup.statusCode).toBe(200);
  const { secret, uri } = setup.json();
  expect(uri).toContain(`secret=${secret}`);
  const res = await call(user, '/api/auth/totp/enable', { code: code(secret) });
  expect(res.json()).toEqual({ enabled: true, pending: false });
  nextStep();
  return secret as string;
}

async function actions(user: TestUser) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/audit?userId=${user.id}&pageSize=100`,
    headers: clinic.admin.headers,
  });
  return res.json().items.map((e: { action: string; details: unknown }) => [e.action, e.details]);
}

describe('TOTP two-factor', () => {
  it('is pending after setup: sign-in needs no code until a code confirms it', async () => {
    const user = clinic.assistant;
    expect((await call(user, '/api/auth/totp')).json()).toEqual({ enabled: false, pending: false });
    const { secret } = (await call(user, '/api/auth/totp/setup', {})).json();
    expect((await call(user, '/api/auth/totp')).json()).toEqual({ enabled: false, pending: true });
    expect((await login(user.email)).statusCode).toBe(200);
    const wrong = await call(user, '/api/auth/totp/enable', { code: code(secret, 300_000) });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('totp_invalid');
    // A second setup replaces the first secret: codes of the first no longer confirm.
    const again = (await call(user, '/api/auth/totp/setup', {})).json();
    expect(again.secret).not.toBe(secret);
    expect((await call(user, '/api/auth/totp/enable', { code: code(secret) })).statusCode).toBe(422);
    expect((await call(user, '/api/auth/totp/enable', { code: code(again.secret) })).statusCode).toBe(200);
    const twice = await call(user, '/api/auth/totp/setup', {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('totp_enabled');
    nextStep();
    expect((await call(user, '/api/auth/totp/disable', { code: code(again.secret) })).statusCode).toBe(200);
  });

  it('asks for the code at sign-in, refuses wrong and replayed codes, accepts a fresh one', async () => {
    const user = clinic.clinician;
    const secret = await enable(user);
    const none = await login(user.email);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('totp_required');
    expect(none.cookies.find((c) => c.name === 'vellum_session')).toBeUndefined();
    // A wrong password is still just a wrong password, code or not.
    const badPassword = await login(user.email, code(secret), 'Wrong-Password-1!');
    expect(badPassword.json().error.code).toBe('unauthorized');
    const wrong = await login(user.email, code(secret, 600_000));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('totp_invalid');
    expect(wrong.cookies.find((c) => c.name === 'vellum_session')).toBeUndefined();

    const fresh = code(secret);
    const ok = await login(user.email, fresh);
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'vellum_session')?.value).toBeTruthy();
    const replay = await login(user.email, fresh);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('totp_invalid');
    // The previous step's code is older than the one just used: refused too.
    expect((await login(user.email, code(secret, -30_000))).statusCode).toBe(401);
    nextStep();
    expect((await login(user.email, code(secret))).statusCode).toBe(200);

    const log = await actions(user);
    expect(log).toContainEqual(['auth.totp_enabled', null]);
    expect(
      log.filter(
        ([a, d]: [string, unknown]) =>
          a === 'auth.login_failed' && JSON.stringify(d).includes('totp_invalid'),
      ),
    ).toHaveLength(3);
  });

  it('turns off with the password or a fresh code, never with a wrong one', async () => {
    const user = clinic.admin;
    const secret = await enable(user);
    const wrongPassword = await call(user, '/api/auth/totp/disable', { password: 'Not-The-One-42!' });
    expect(wrongPassword.statusCode).toBe(422);
    expect(wrongPassword.json().error.code).toBe('wrong_password');
    const wrongCode = await call(user, '/api/auth/totp/disable', { code: code(secret, 900_000) });
    expect(wrongCode.json().error.code).toBe('totp_invalid');
    expect((await call(user, '/api/auth/totp')).json().enabled).toBe(true);
    const off = await call(user, '/api/auth/totp/disable', { password: TEST_PASSWORD });
    expect(off.json()).toEqual({ enabled: false, pending: false });
    expect((await login(user.email)).statusCode).toBe(200);

    const again = await enable(user);
    expect((await call(user, '/api/auth/totp/disable', { code: code(again) })).statusCode).toBe(200);
    const log = (await actions(user)).map(([a]: [string]) => a);
    expect(log.filter((a: string) => a === 'auth.totp_disabled')).toHaveLength(2);
    expect(log.filter((a: string) => a === 'auth.totp_failed')).toHaveLength(2);
  });

  it('validates the bodies', async () => {
    const user = clinic.assistant;
    expect((await call(user, '/api/auth/totp/enable', {})).statusCode).toBe(422);
    expect((await call(user, '/api/auth/totp/disable', { password: 'x', code: '1' })).statusCode).toBe(422);
  });
});
