import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { passwordResets } from '../db/schema-passwords.ts';
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
import { issueResetLink, linkToken, NEW_PASSWORD } from '../testing/passwords.ts';
import { newClinician } from '../testing/users.ts';

// Passwords the user owns (docs/SECURITY.md, "Passwords"): changing one's own, reset links issued
// by an administrator, and the change required after an administrator chose the password.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Password Clinic');
  other = await seedAccount(t, 'Password Other');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const signIn = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

/** A user of the clinic with a password of its own (set through a reset link). */
async function ownUser(password = TEST_PASSWORD) {
  const email = `user-${++n}@password.test`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: clinic.admin.headers,
    payload: { email, role: 'clinician' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const set = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset',
    payload: { token: linkToken(created.json().resetUrl), newPassword: password },
  });
  expect(set.statusCode, set.body).toBe(200);
  return { id: created.json().id as string, email };
}

const change = (s: Awaited<ReturnType<typeof cookieLogin>>, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    cookies: s.cookies,
    headers: s.csrfHeader,
    payload,
  });

const me = (s: Awaited<ReturnType<typeof cookieLogin>>) =>
  t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: s.cookies });

describe('POST /api/auth/password', () => {
  it('changes one’s own password, ends the other sessions and keeps this one, audited', async () => {
    const user = await ownUser();
    const here = await cookieLogin(t, user.email);
    const elsewhere = await cookieLogin(t, user.email);
    const res = await change(here, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/audit?action=auth.password_changed&userId=${user.id}`,
      headers: clinic.admin.headers,
    });
    expect(audit.json().items).toHaveLength(1);
  });

  it('refuses a wrong current password, a weak or an unchanged new one, and changes nothing', async () => {
    const user = await ownUser();
    const s = await cookieLogin(t, user.email);
    const wrong = await change(s, { currentPassword: 'Not-The-One-42!', newPassword: NEW_PASSWORD });
    expectError(wrong, 422, 'wrong_password');
    const weak = await change(s, { currentPassword: TEST_PASSWORD, newPassword: 'Password123!' });
    const error = expectError(weak, 422, 'password_too_weak');
    expect(error.message).toMatch(/too easy to guess.*commonly used password/);
    expectError(
      await change(s, { currentPassword: TEST_PASSWORD, newPassword: 'short' }),
      422,
      'invalid_input',
    );
    expectError(
      await change(s, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
      422,
      'password_unchanged',
    );
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await me(s)).statusCode).toBe(200);
  });

  it('needs a signed-in user', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expectError(res, 401, 'unauthorized');
  });
});

describe('reset links', () => {
  it('lets an account admin issue a one-time link valid 24 hours; only its hash is stored', async () => {
    const user = await ownUser();
    const before = t.clock.now().getTime();
    const link = await issueResetLink(t, clinic.admin, user.id);
    expect(link.resetUrl).toMatch(/^http:\/\/[^/]+\/reset-password#token=[\w-]{40,}$/);
    expect(Date.parse(link.expiresAt) - before).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(Date.parse(link.expiresAt) - t.clock.now().getTime()).toBeLessThanOrEqual(24 * 3600_000);
    const stored = await t.database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, user.id));
    expect(JSON.stringify(stored)).not.toContain(linkToken(link.resetUrl));
    // Issuing changes nothing yet: the old password still signs in.
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('sets the password once through the link: the old one stops working, sessions end', async () => {
    const user = await ownUser();
    const session = await cookieLogin(t, user.email);
    const token = linkToken((await issueResetLink(t, clinic.admin, user.id)).resetUrl);
    const use = (newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, newPassword } });
    // A weak password leaves the link usable.
    expectError(await use('Password123!'), 422, 'password_too_weak');
    const ok = await use(NEW_PASSWORD);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ email: user.email });
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
    expectError(await use('Another-Fresh-Lantern-7'), 410, 'reset_link_used');
    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses expired, replaced and unknown links, and changes nothing', async () => {
    const user = await ownUser();
    const use = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { token, newPassword: NEW_PASSWORD },
      });
    const first = linkToken((await issueResetLink(t, clinic.admin, user.id)).resetUrl);
    const second = linkToken((await issueResetLink(t, root, user.id)).resetUrl);
    expectError(await use(first), 410, 'reset_link_used');
    expectError(await use('not-a-link-at-all'), 404, 'reset_link_invalid');
    t.clock.advance(24 * 3600_000);
    expectError(await use(second), 410, 'reset_link_expired');
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('is issued by account admins for their users and super admins for anyone, never across accounts', async () => {
    const user = await ownUser();
    const ask = (by: TestUser, id = user.id) =>
      t.app.inject({ method: 'POST', url: `/api/users/${id}/password-reset`, headers: by.headers });
    expectError(await ask(other.admin), 404, 'not_found');
    expectError(await ask(clinic.clinician), 403, 'forbidden');
    expectError(await ask(clinic.assistant), 403, 'forbidden');
    expectError(await ask(clinic.admin, clinic.admin.id), 403, 'forbidden');
    expectError(await ask(clinic.admin, root.id), 403, 'forbidden');
    expect((await ask(root)).statusCode).toBe(200);
    expect((await ask(clinic.admin)).statusCode).toBe(200);
    const stored = await t.database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, user.id));
    // The two refused and the two issued: only the issued ones exist, the older one replaced.
    expect(stored.filter((r) => r.usedAt === null)).toHaveLength(1);
  });

  it('prints nothing for a deleted user', async () => {
    const user = await ownUser();
    await t.app.inject({ method: 'DELETE', url: `/api/users/${user.id}`, headers: clinic.admin.headers });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password-reset`,
      headers: clinic.admin.headers,
    });
    expectError(res, 404, 'not_found');
  });
});

describe('users created by an administrator', () => {
  it('without a password: answers a reset link, and no password signs in until it is used', async () => {
    const email = `linked-${++n}@password.test`;
    const before = t.clock.now().getTime();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: clinic.admin.headers,
      payload: { email, role: 'assistant' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email, mustChangePassword: false });
    expect(res.json().resetUrl).toMatch(/\/reset-password#token=/);
    expect(Date.parse(res.json().resetExpiresAt) - before).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(Date.parse(res.json().resetExpiresAt) - t.clock.now().getTime()).toBeLessThanOrEqual(
      24 * 3600_000,
    );
    const [row] = await t.database.db.select().from(users).where(eq(users.email, email));
    expect(row?.passwordHash.startsWith('$argon2')).toBe(false);
    expect((await signIn(email, '!unset')).statusCode).toBe(401);
  });

  it('with a password: must change it at first sign-in, everything else answers 403 until then', async () => {
    const email = `forced-${++n}@password.test`;
    await newClinician(t, clinic.admin, clinic.account.id, email);
    const login = await signIn(email, TEST_PASSWORD);
    expect(login.json().user.mustChangePassword).toBe(true);
    const s = await cookieLogin(t, email);
    expect((await me(s)).json().user.mustChangePassword).toBe(true);
    const patients = await t.app.inject({ method: 'GET', url: '/api/patients', cookies: s.cookies });
    expectError(patients, 403, 'password_change_required');
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      cookies: s.cookies,
      headers: s.csrfHeader,
      payload: { name: 'sneaky' },
    });
    expectError(token, 403, 'password_change_required');
    const fhir = await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient', cookies: s.cookies });
    expect(fhir.statusCode).toBe(403);
    expect((await change(s, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(
      200,
    );
    expect((await me(s)).json().user.mustChangePassword).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/patients', cookies: s.cookies })).statusCode).toBe(
      200,
    );
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: s.cookies,
      headers: s.csrfHeader,
    });
    expect(out.statusCode).toBe(204);
  });

  it('refuses a weak password with a reason in words', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: clinic.admin.headers,
      payload: { email: `weak-${++n}@password.test`, role: 'clinician', password: 'Password123!' },
    });
    const error = expectError(res, 422, 'password_too_weak');
    expect(error.details).toEqual({ fields: { password: error.message } });
  });
});
