import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../domain/totp.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// A user who lost its authenticator: its account admin (or a super administrator) resets its
// two-factor sign-in, audited; nobody else can, and another account's user is not found.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Reset Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const post = (user: TestUser, url: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url, headers: user.headers, payload });
const login = (email: string, totp?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD, ...(totp === undefined ? {} : { totp }) },
  });
const reset = (by: TestUser, target: TestUser) => post(by, `/api/users/${target.id}/totp/reset`);

async function turnOn(user: TestUser) {
  const { secret } = (await post(user, '/api/auth/totp/setup')).json();
  const res = await post(user, '/api/auth/totp/enable', { code: totpCode(secret, t.clock.now()) });
  expect(res.statusCode, res.body).toBe(200);
  t.clock.advance(30_000);
}

const listed = async (by: TestUser, id: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/users', headers: by.headers }))
    .json()
    .items.find((u: { id: string }) => u.id === id);

describe('resetting a user’s two-factor sign-in', () => {
  it('lets the account admin turn it off: the user signs in with its password alone', async () => {
    const user = clinic.clinician;
    await turnOn(user);
    expect((await login(user.email)).json().error.code).toBe('totp_required');
    expect(await listed(clinic.admin, user.id)).toMatchObject({ totpEnabled: true });

    const res = await reset(clinic.admin, user);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, totpEnabled: false });
    expect((await login(user.email)).statusCode).toBe(200);
    expect(await listed(clinic.admin, user.id)).toMatchObject({ totpEnabled: false });
    // It can set it up again from scratch.
    await turnOn(user);
    expect((await login(user.email)).json().error.code).toBe('totp_required');
  });

  it('is audited with who reset whom', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?userId=${clinic.admin.id}&action=auth.totp_reset`,
      headers: root.headers,
    });
    const [event] = res.json().items;
    expect(event).toMatchObject({
      action: 'auth.totp_reset',
      actorId: clinic.admin.id,
      targetType: 'user',
      targetId: clinic.clinician.id,
      details: { email: clinic.clinician.email, was: 'enabled' },
    });
  });

  it('lets a super administrator reset any account’s user', async () => {
    await turnOn(other.assistant);
    const res = await reset(root, other.assistant);
    expect(res.statusCode, res.body).toBe(200);
    expect((await login(other.assistant.email)).statusCode).toBe(200);
  });

  it('refuses everyone else, and answers 404 across accounts', async () => {
    expect((await reset(clinic.clinician, clinic.assistant)).statusCode).toBe(403);
    expect((await reset(clinic.assistant, clinic.clinician)).statusCode).toBe(403);
    expect((await reset(clinic.admin, other.clinician)).statusCode).toBe(404);
    expect((await reset(clinic.admin, root)).statusCode).toBe(403);
    // One's own goes off with one's password, on the My security page.
    const self = await reset(clinic.admin, clinic.admin);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toMatch(/My security/);
    expect((await login(clinic.clinician.email)).json().error.code).toBe('totp_required');
  });

  it('answers 404 for a deleted user', async () => {
    const gone = other.clinician;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/users/${gone.id}`, headers: root.headers }))
        .statusCode,
    ).toBe(200);
    expect((await reset(root, gone)).statusCode).toBe(404);
  });
});
