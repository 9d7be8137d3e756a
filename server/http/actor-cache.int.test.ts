import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../db/schema.ts';
import { ACTOR_CACHE_MS } from '../services/actor-cache.ts';
import { cookieLogin, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// Who a cookie or token is, is cached in process for a few seconds; every change of access still
// takes effect at the next request, and a change nobody announced within the cache's time bound.
let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });

async function tokenOf(user: TestUser) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: user.headers,
    payload: { name: 'cached' },
  });
  const { token, id } = res.json() as { token: string; id: string };
  return { id, headers: { authorization: `Bearer ${token}` } };
}

describe('the actor cache', () => {
  it('a revoked token stops working at the next request', async () => {
    const clinic = await seedAccount(t, `Cache Clinic ${++n}`);
    const token = await tokenOf(clinic.clinician);
    expect((await me(token.headers)).statusCode).toBe(200);
    expect((await me(token.headers)).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${token.id}`,
      headers: clinic.clinician.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await me(token.headers)).statusCode).toBe(401);
  });

  it('a deleted user’s token and session stop working at the next request', async () => {
    const clinic = await seedAccount(t, `Cache Clinic ${++n}`);
    const token = await tokenOf(clinic.clinician);
    const s = await cookieLogin(t, clinic.clinician.email);
    const cookie = { cookie: `vellum_session=${s.cookies.vellum_session}` };
    expect((await me(token.headers)).statusCode).toBe(200);
    expect((await me(cookie)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${clinic.clinician.id}`,
      headers: clinic.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect((await me(token.headers)).statusCode).toBe(401);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('a role change is in force at the next request', async () => {
    const clinic = await seedAccount(t, `Cache Clinic ${++n}`);
    expect((await me(clinic.clinician.headers)).json().user.role).toBe('clinician');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${clinic.clinician.id}`,
      headers: clinic.admin.headers,
      payload: { role: 'assistant' },
    });
    expect(res.statusCode).toBe(200);
    const deleted = await t.app.inject({
      method: 'GET',
      url: '/api/deleted/patients',
      headers: clinic.clinician.headers,
    });
    expect(deleted.statusCode).toBe(403);
  });

  it('a change nobody announced holds for the cache’s time bound at most', async () => {
    const clinic = await seedAccount(t, `Cache Clinic ${++n}`);
    const s = await cookieLogin(t, clinic.clinician.email);
    const cookie = { cookie: `vellum_session=${s.cookies.vellum_session}` };
    expect((await me(cookie)).statusCode).toBe(200);
    // Gone without a word: the cached actor answers for a moment, never past the bound.
    await t.database.db.delete(sessions).where(eq(sessions.userId, clinic.clinician.id));
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(ACTOR_CACHE_MS);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});
