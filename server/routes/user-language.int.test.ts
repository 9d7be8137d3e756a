import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { cookieLogin, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// A user's language (web app and PDF reports) is kept on the server: read with /api/auth/me,
// changed by the user alone with PATCH /api/auth/me, audited as the user's own change.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Language Clinic');
});
afterAll(() => t?.close());

const me = (user: TestUser) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers });
const choose = (user: TestUser, payload: unknown) =>
  t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: user.headers, payload: payload as object });

async function languageEvents(user: TestUser) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/audit?userId=${user.id}&pageSize=100`,
    headers: clinic.admin.headers,
  });
  return res
    .json()
    .items.filter((e: { action: string }) => e.action === 'user.language_changed')
    .map((e: { targetId: string; details: unknown }) => [e.targetId, e.details]);
}

describe('the user language', () => {
  it('is null (the browser decides) until the user chooses one', async () => {
    const res = await me(clinic.clinician);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.language).toBeNull();
  });

  it('is changed by the user, read back by /api/auth/me and audited once per change', async () => {
    const user = clinic.clinician;
    const res = await choose(user, { language: 'fr' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: user.id, language: 'fr' });
    expect((await me(user)).json().user.language).toBe('fr');
    // The same language again changes nothing and writes no event.
    expect((await choose(user, { language: 'fr' })).statusCode).toBe(200);
    expect((await choose(user, { language: null })).json().user.language).toBeNull();
    expect(await languageEvents(user)).toEqual([
      [user.id, { from: 'fr', to: null }],
      [user.id, { from: null, to: 'fr' }],
    ]);
  });

  it('refuses a language Vellum does not speak with 422 invalid_language, nothing changed', async () => {
    const user = clinic.assistant;
    for (const language of ['de', 'FR', '', 'fr-FR']) {
      const err = expectError(await choose(user, { language }), 422, 'invalid_language');
      expect(err.details).toEqual({ fields: { language: expect.any(String) } });
    }
    expectError(await choose(user, { language: 3 }), 422, 'invalid_input');
    expectError(await choose(user, {}), 422, 'invalid_input');
    // Only the language: another field (a role, someone else's id) is not a preference of this route.
    expectError(await choose(user, { language: 'fr', role: 'admin' }), 422, 'invalid_input');
    expect((await me(user)).json().user.language).toBeNull();
    expect(await languageEvents(user)).toEqual([]);
  });

  it('works from a browser session (CSRF header) and needs sign-in', async () => {
    const session = await cookieLogin(t, clinic.admin.email);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      cookies: session.cookies,
      headers: session.csrfHeader,
      payload: { language: 'en' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.language).toBe('en');
    const forged = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      cookies: session.cookies,
      payload: { language: 'fr' },
    });
    expect(forged.statusCode).toBe(403);
    expectError(
      await t.app.inject({ method: 'PATCH', url: '/api/auth/me', payload: { language: 'fr' } }),
      401,
      'unauthorized',
    );
    // Another user's preference is not touched by this user's change.
    expect((await me(clinic.assistant)).json().user.language).toBeNull();
  });

  it('is listed with the users an admin reads', async () => {
    await choose(clinic.assistant, { language: 'fr' });
    const res = await t.app.inject({ method: 'GET', url: '/api/users', headers: clinic.admin.headers });
    const row = res.json().items.find((u: { id: string }) => u.id === clinic.assistant.id);
    expect(row.language).toBe('fr');
  });
});
