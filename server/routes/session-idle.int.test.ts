import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../services/tokens.ts';
import { cookieLogin, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// Sessions end after VELLUM_SESSION_IDLE_MINUTES (30 by default) without a request.
let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Idle Clinic');
});
afterAll(() => t?.close());

const MINUTE = 60_000;
const me = (cookies: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });
const lastSeen = async (cookies: Record<string, string>) => {
  const rows = await t.database.raw('select last_seen_at from sessions where token_hash = $1', [
    secretHash(cookies.vellum_session ?? ''),
  ]);
  return rows[0]?.last_seen_at;
};

describe('idle sign-out', () => {
  it('keeps a session in use, ends one left idle for 30 minutes', async () => {
    const { cookies } = await cookieLogin(t, clinic.clinician.email);
    const first = await me(cookies);
    expect(first.json().sessionIdleMinutes).toBe(30);
    for (let i = 0; i < 3; i++) {
      t.clock.advance(29 * MINUTE);
      expect((await me(cookies)).statusCode).toBe(200);
    }
    t.clock.advance(30 * MINUTE);
    expect((await me(cookies)).statusCode).toBe(401);
    // Gone for good: coming back does not revive it.
    expect((await me(cookies)).statusCode).toBe(401);
  });

  it('writes the last request at most once a minute', async () => {
    const { cookies } = await cookieLogin(t, clinic.assistant.email);
    t.clock.advance(2 * MINUTE);
    await me(cookies);
    const seen = await lastSeen(cookies);
    expect(seen).toBeTruthy();
    await me(cookies);
    expect(await lastSeen(cookies)).toEqual(seen);
    t.clock.advance(2 * MINUTE);
    await me(cookies);
    expect(await lastSeen(cookies)).not.toEqual(seen);
  });

  it('takes its length from the configuration', async () => {
    const short = await startTestApp({ sessionIdleMinutes: 5 });
    try {
      const c = await seedAccount(short, 'Short Clinic');
      const res = await short.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: c.admin.email, password: 'Correct-Horse-42!' },
      });
      const cookies = { vellum_session: res.cookies.find((x) => x.name === 'vellum_session')?.value ?? '' };
      short.clock.advance(4 * MINUTE);
      expect((await short.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(200);
      short.clock.advance(5 * MINUTE);
      expect((await short.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(401);
    } finally {
      await short.close();
    }
  });
});
