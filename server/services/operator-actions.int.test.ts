import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedBackup } from '../testing/backups.ts';
import { expectError } from '../testing/expect-error.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// What a super administrator did to an account is shown to that account's admins: who, what, when.
// Their own admins' actions are not "operator actions"; another account's are never shown.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

interface Item {
  action: string;
  actorEmail: string | null;
  at: string;
  scope: string;
  targetId: string | null;
}
const list = async (user: TestUser) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/operator-actions', headers: user.headers });
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Item[]; total: number };
};
const as = (user: TestUser, method: 'POST' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, payload });

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

describe('operator actions', () => {
  it("lists a super administrator's user creation, two-factor reset and password reset link in the account, newest first", async () => {
    const made = await as(root, 'POST', '/api/users', {
      email: 'planted@skin-clinic.test',
      password: TEST_PASSWORD,
      role: 'clinician',
      accountId: clinic.account.id,
    });
    expect(made.statusCode).toBe(201);
    expect((await as(root, 'POST', `/api/users/${clinic.clinician.id}/totp/reset`)).statusCode).toBe(200);
    const link = await as(root, 'POST', `/api/users/${clinic.clinician.id}/password-reset`);
    expect(link.statusCode).toBe(200);
    // The account's own admin creating a user is not an operator action.
    const own = await as(clinic.admin, 'POST', '/api/users', {
      email: 'own@skin-clinic.test',
      password: TEST_PASSWORD,
      role: 'assistant',
    });
    expect(own.statusCode).toBe(201);
    const { items, total } = await list(clinic.admin);
    expect(total).toBe(3);
    expect(items.map((i) => [i.action, i.actorEmail, i.scope])).toEqual([
      ['auth.password_reset_issued', root.email, 'account'],
      ['auth.totp_reset', root.email, 'account'],
      ['user.create', root.email, 'account'],
    ]);
    expect(items[2]?.targetId).toBe(made.json().id);
    expect(Date.parse(items[0]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(items[1]?.at ?? ''));
    expect((await list(other.admin)).total).toBe(0);
  });

  it("shows every account's admins a downloaded backup, since it carries their data", async () => {
    const id = await storedBackup(t);
    expect((await as(root, 'GET', `/api/admin/backups/${id}/download`)).statusCode).toBe(200);
    for (const admin of [clinic.admin, other.admin]) {
      expect((await list(admin)).items[0]).toMatchObject({
        action: 'backup.downloaded',
        scope: 'deployment',
      });
    }
  });

  it('is for account admins only', async () => {
    for (const user of [clinic.clinician, clinic.assistant, root]) {
      expectError(await as(user, 'GET', '/api/operator-actions'), 403, 'forbidden');
    }
  });
});
