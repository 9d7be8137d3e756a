import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  cookieLogin,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §1: the super administrator creates accounts and users anywhere; an account admin
// creates users only in its own account and never a super administrator; the password policy.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const post = (user: TestUser, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: user.headers, payload });
const emails = async (user: TestUser) =>
  (await t.app.inject({ method: 'GET', url: '/api/users', headers: user.headers }))
    .json()
    .items.map((u: { email: string }) => u.email) as string[];

describe('password policy on POST /api/users', () => {
  it.each([
    ['Short-1!aA', 'fewer than 12 characters'],
    ['all-lower-case-42!', 'no upper-case letter'],
    ['ALL-UPPER-CASE-42!', 'no lower-case letter'],
    ['No-Digits-Here-At-All!', 'no digit'],
    ['NoSymbolsHere12345', 'no symbol'],
    ['', 'nothing'],
  ])('refuses %j (%s) with 422 naming password', async (password) => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'weak@skin-clinic.test',
      password,
      role: 'clinician',
    });
    expectInvalidFields(res, ['password']);
  });

  it('says what the password lacks', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'weak@skin-clinic.test',
      password: 'short',
      role: 'clinician',
    });
    const fields = expectInvalidFields(res, ['password']);
    expect(fields.password).toMatch(/12 characters/);
    expect(fields.password).toMatch(/upper-case/);
    expect(fields.password).toMatch(/digit/);
    expect(fields.password).toMatch(/symbol/);
    expect(await emails(root)).not.toContain('weak@skin-clinic.test');
  });

  it('accepts a password that meets the policy; the new user can sign in with it', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'New.Nurse@Skin-Clinic.test',
      password: 'Another-Good-Pass-7',
      role: 'assistant',
      displayName: 'New Nurse',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'new.nurse@skin-clinic.test',
      role: 'assistant',
      displayName: 'New Nurse',
      accountId: clinic.account.id,
      accountName: 'Skin Clinic',
    });
    expect(JSON.stringify(res.json())).not.toMatch(/passwordHash|argon|\$2|Another-Good|Correct-Horse/i);
    await cookieLogin(t, 'new.nurse@skin-clinic.test', 'Another-Good-Pass-7');
  });
});

describe('users created by an account admin', () => {
  it('lands in the admin’s own account when no account is named', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'doc2@skin-clinic.test',
      password: TEST_PASSWORD,
      role: 'clinician',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().accountId).toBe(clinic.account.id);
    expect(await emails(clinic.admin)).toContain('doc2@skin-clinic.test');
    expect(await emails(other.admin)).not.toContain('doc2@skin-clinic.test');
  });

  it('may be another admin of the same account', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'admin2@skin-clinic.test',
      password: TEST_PASSWORD,
      role: 'admin',
    });
    expect(res.statusCode).toBe(201);
  });

  it('cannot be put in another account (404) or an unknown one (404)', async () => {
    for (const accountId of [other.account.id, randomUUID()]) {
      const res = await post(clinic.admin, '/api/users', {
        email: 'elsewhere@skin-clinic.test',
        password: TEST_PASSWORD,
        role: 'clinician',
        accountId,
      });
      expectError(res, 404, 'not_found');
    }
    expect(await emails(root)).not.toContain('elsewhere@skin-clinic.test');
  });

  it('cannot be a super administrator (403)', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'boss@skin-clinic.test',
      password: TEST_PASSWORD,
      role: 'super-admin',
    });
    expectError(res, 403, 'forbidden');
    expect(await emails(root)).not.toContain('boss@skin-clinic.test');
  });

  it('cannot take an e-mail in use, in any case (409 email_taken)', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'CLINICIAN@other-clinic.test',
      password: TEST_PASSWORD,
      role: 'clinician',
    });
    expectError(res, 409, 'email_taken');
  });

  it('refuses an invalid e-mail or an unknown role with 422 naming them', async () => {
    const res = await post(clinic.admin, '/api/users', {
      email: 'not-mail',
      password: TEST_PASSWORD,
      role: 'owner',
    });
    expectInvalidFields(res, ['email', 'role']);
  });

  it.each(['clinician', 'assistant'] as const)('a %s cannot create users (403)', async (role) => {
    const res = await post(clinic[role], '/api/users', {
      email: `by-${role}@skin-clinic.test`,
      password: TEST_PASSWORD,
      role: 'assistant',
    });
    expectError(res, 403, 'forbidden');
  });
});

describe('accounts and users created by the super administrator', () => {
  let created: { id: string; name: string };

  it('creates an account: 201 with no users yet', async () => {
    const res = await post(root, '/api/accounts', { name: 'Lake Dermatology' });
    expect(res.statusCode).toBe(201);
    created = res.json();
    expect(res.json()).toEqual({
      id: expect.any(String),
      name: 'Lake Dermatology',
      createdAt: expect.any(String),
      userCount: 0,
      deleting: false,
    });
  });

  it('refuses a taken account name with 409 account_name_taken, and a too short one with 422', async () => {
    expectError(await post(root, '/api/accounts', { name: 'Lake Dermatology' }), 409, 'account_name_taken');
    expectInvalidFields(await post(root, '/api/accounts', { name: 'L' }), ['name']);
  });

  it('creates a user in a named account', async () => {
    const res = await post(root, '/api/users', {
      email: 'head@lake.test',
      password: TEST_PASSWORD,
      role: 'admin',
      accountId: created.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      accountId: created.id,
      accountName: 'Lake Dermatology',
      role: 'admin',
    });
  });

  it('lists the accounts alphabetically, whatever the case, with their user counts', async () => {
    expect((await post(root, '/api/accounts', { name: 'aesthetics lab' })).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: '/api/accounts', headers: root.headers });
    expect(res.statusCode).toBe(200);
    const rows = res.json().items.map((a: { name: string; userCount: number }) => [a.name, a.userCount]);
    expect(rows).toEqual([
      ['aesthetics lab', 0],
      ['Lake Dermatology', 1],
      ['Other Clinic', 3],
      ['Skin Clinic', 6],
    ]);
  });

  it('needs an account for a clinical role (422 naming accountId), and none for a super admin', async () => {
    const noAccount = await post(root, '/api/users', {
      email: 'lost@lake.test',
      password: TEST_PASSWORD,
      role: 'clinician',
    });
    expectInvalidFields(noAccount, ['accountId']);
    const superWithAccount = await post(root, '/api/users', {
      email: 'root2@vellum.test',
      password: TEST_PASSWORD,
      role: 'super-admin',
      accountId: created.id,
    });
    expectInvalidFields(superWithAccount, ['accountId']);
  });

  it('creates another super administrator, who belongs to no account', async () => {
    const res = await post(root, '/api/users', {
      email: 'root2@vellum.test',
      password: TEST_PASSWORD,
      role: 'super-admin',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'super-admin', accountId: null, accountName: null });
  });

  it('refuses an unknown account with 404', async () => {
    const res = await post(root, '/api/users', {
      email: 'x@lake.test',
      password: TEST_PASSWORD,
      role: 'clinician',
      accountId: randomUUID(),
    });
    expectError(res, 404, 'not_found');
  });

  it('only the super administrator manages accounts (403 for an account admin)', async () => {
    expectError(await post(clinic.admin, '/api/accounts', { name: 'Mine' }), 403, 'forbidden');
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/accounts', headers: clinic.admin.headers }),
      403,
      'forbidden',
    );
  });
});
