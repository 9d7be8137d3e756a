import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema-audit.ts';
import { expectError } from '../testing/expect-error.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PATCH /api/users/{id} {role}: administrators move users of an account between its roles; the
// change is audited, takes effect on the user's next request, and a super administrator's is an
// operator action its account's admins see.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Role Clinic');
  other = await seedAccount(t, 'Other Role Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const changeRole = (by: TestUser, id: string, role: string) =>
  t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: by.headers, payload: { role } });
const me = async (user: TestUser) =>
  (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).json().user;
const roleEvents = (id: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'user.role_changed'), eq(auditEvents.targetId, id)));

describe('changing a role', () => {
  it('an account admin changes a clinician to an assistant: audited, in force at the next request', async () => {
    const res = await changeRole(clinic.admin, clinic.clinician.id, 'assistant');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: clinic.clinician.id, role: 'assistant' });
    expect((await me(clinic.clinician)).role).toBe('assistant');
    // The token it held acts with the new role.
    const events = await roleEvents(clinic.clinician.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: clinic.admin.id, accountId: clinic.account.id });
    expect(events[0]?.details).toMatchObject({ from: 'clinician', to: 'assistant' });
    // The same role again changes nothing and writes nothing.
    expect((await changeRole(clinic.admin, clinic.clinician.id, 'assistant')).statusCode).toBe(200);
    expect(await roleEvents(clinic.clinician.id)).toHaveLength(1);
  });

  it("a super administrator's change is an operator action the account's admins see", async () => {
    const res = await changeRole(root, clinic.assistant.id, 'clinician');
    expect(res.statusCode, res.body).toBe(200);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/operator-actions',
      headers: clinic.admin.headers,
    });
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { action: string; targetId: string | null }[] }).items;
    expect(items).toContainEqual(
      expect.objectContaining({ action: 'user.role_changed', targetId: clinic.assistant.id }),
    );
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: '/api/operator-actions',
      headers: other.admin.headers,
    });
    expect(JSON.stringify(elsewhere.json())).not.toContain(clinic.assistant.id);
  });

  it('refuses oneself, super administrators, other accounts and non-admins, changing nothing', async () => {
    expectError(await changeRole(clinic.admin, clinic.admin.id, 'clinician'), 403, 'forbidden');
    expectError(await changeRole(other.admin, clinic.admin.id, 'assistant'), 404, 'not_found');
    expectError(await changeRole(clinic.admin, root.id, 'assistant'), 403, 'forbidden');
    expectError(await changeRole(root, clinic.admin.id, 'super-admin'), 422, 'invalid_input');
    expectError(await changeRole(root, root.id, 'admin'), 403, 'forbidden');
    expectError(await changeRole(other.clinician, other.assistant.id, 'admin'), 403, 'forbidden');
    expectError(await changeRole(clinic.admin, clinic.clinician.id, 'owner'), 422, 'invalid_input');
    expect((await me(clinic.admin)).role).toBe('admin');
    expect((await me(other.assistant)).role).toBe('assistant');
    expect(await roleEvents(clinic.admin.id)).toHaveLength(0);
  });
});
