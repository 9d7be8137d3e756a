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
import { read } from '../testing/lifecycle.ts';

// PRODUCT.md §6, users: deleted under the policy; a deleted user cannot sign in and its sessions
// and tokens stop working at once; recoverable (Recoverable, Standard) until it expires.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Users Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const del = (by: TestUser, id: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: by.headers });
const restore = (by: TestUser, id: string) =>
  t.app.inject({ method: 'POST', url: `/api/users/${id}/restore`, headers: by.headers });
const login = (email: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
const createUser = async (email: string, accountId: string) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: root.headers,
    payload: { email, password: TEST_PASSWORD, role: 'clinician', accountId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

describe('deleting a user', () => {
  it('follows the role rules', async () => {
    expectError(await del(clinic.clinician, clinic.assistant.id), 403, 'forbidden');
    expectError(await del(clinic.assistant, clinic.clinician.id), 403, 'forbidden');
    expectError(await del(clinic.admin, clinic.admin.id), 403, 'forbidden');
    expectError(await del(clinic.admin, root.id), 403, 'forbidden');
    expectError(await del(root, root.id), 403, 'forbidden');
    expectError(await del(clinic.admin, other.clinician.id), 404, 'not_found');
    expectError(await del(clinic.admin, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await read(t, clinic.clinician, '/api/deleted/users'), 403, 'forbidden');
  });

  it('stops sign-in, sessions and API tokens at once, and lists the user with its expiry', async () => {
    const session = await cookieLogin(t, clinic.clinician.email);
    expect((await read(t, clinic.clinician, '/api/auth/me')).statusCode).toBe(200);
    const res = await del(clinic.admin, clinic.clinician.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ policy: 'standard', user: { id: clinic.clinician.id } });
    expect(res.json().expiresAt).toMatch(/^2036-/);

    expectError(await read(t, clinic.clinician, '/api/auth/me'), 401, 'unauthorized');
    const bySession = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: session.cookies });
    expectError(bySession, 401, 'unauthorized');
    expectError(await login(clinic.clinician.email), 401, 'unauthorized');
    expectError(await del(clinic.admin, clinic.clinician.id), 410, 'deleted');

    for (const viewer of [clinic.admin, root]) {
      const list = (await read(t, viewer, '/api/deleted/users')).json();
      expect(list.items).toEqual([
        expect.objectContaining({
          id: clinic.clinician.id,
          deletedBy: clinic.admin.id,
          deletedAt: expect.any(String),
          expiresAt: res.json().expiresAt,
        }),
      ]);
    }
    expect((await read(t, other.admin, '/api/deleted/users')).json().items).toEqual([]);
    const users = (await read(t, clinic.admin, '/api/users')).json().items.map((u: { id: string }) => u.id);
    expect(users).not.toContain(clinic.clinician.id);
  });

  it('recovers the user: it signs in again, its old token stays revoked', async () => {
    expectError(await restore(other.admin, clinic.clinician.id), 404, 'not_found');
    const res = await restore(clinic.admin, clinic.clinician.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: clinic.clinician.id, email: clinic.clinician.email });
    expect((await login(clinic.clinician.email)).statusCode).toBe(200);
    expectError(await read(t, clinic.clinician, '/api/auth/me'), 401, 'unauthorized');
    expectError(await restore(clinic.admin, clinic.clinician.id), 409, 'not_deleted');
    expect((await read(t, clinic.admin, '/api/deleted/users')).json().items).toEqual([]);
  });

  it('refuses recovery while an active user holds the e-mail', async () => {
    const first = await createUser('twin@users.test', clinic.account.id);
    expect((await del(root, first)).statusCode).toBe(200);
    await createUser('twin@users.test', clinic.account.id);
    expectError(await restore(root, first), 409, 'email_taken');
  });

  it('refuses recovery after expiry (410), and the cleanup then removes the user for good', async () => {
    const id = await createUser('expiring@users.test', clinic.account.id);
    expect((await del(clinic.admin, id)).statusCode).toBe(200);
    t.clock.set(new Date('2036-06-01T00:00:00Z'));
    expectError(await restore(clinic.admin, id), 410, 'expired');
    const cleanup = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(cleanup.json().removed.users).toBe(2);
    expectError(await restore(clinic.admin, id), 404, 'not_found');
    expectError(await login('expiring@users.test'), 401, 'unauthorized');
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });

  it('under Permanent removes the user at once: not listed, not recoverable', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { deletionPolicy: 'permanent', confirmPolicyChange: true },
    });
    const id = await createUser('gone@users.test', clinic.account.id);
    const res = await del(clinic.admin, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ policy: 'permanent', expiresAt: null });
    expect((await read(t, root, '/api/deleted/users')).json().items).toEqual([]);
    expectError(await restore(root, id), 404, 'not_found');
    expectError(await login('gone@users.test'), 401, 'unauthorized');
    // The e-mail is free again.
    await createUser('gone@users.test', clinic.account.id);
  });
});
