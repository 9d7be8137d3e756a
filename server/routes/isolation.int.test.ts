import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  createSuperAdmin,
  type PatientJson,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §1: accounts are fully isolated. Another account's records answer 404 (never 403, so
// their existence is not revealed), never show up in lists or searches, and cannot be referenced.

let t: TestApp;
let a: Awaited<ReturnType<typeof seedAccount>>;
let b: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let aPatient: PatientJson;
let aTag: string;
let aCategory: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await seedAccount(t, 'Clinic A');
  b = await seedAccount(t, 'Clinic B');
  root = await createSuperAdmin(t);
  const cat = await send(a.admin, 'POST', '/api/tag-categories', { name: 'A things', color: '#aa0000' });
  aCategory = cat.json().id;
  aTag = (await send(a.admin, 'POST', '/api/tags', { name: 'A tag', categoryId: aCategory })).json().id;
  aPatient = await createPatient(t, a.clinician, {
    uniqueId: 'shared-1',
    firstName: 'Alice',
    lastName: 'Anders',
    tagIds: [aTag],
  });
  await createPatient(t, b.clinician, { uniqueId: 'b-only' });
});
afterAll(() => t?.close());

function send(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: user.headers, payload });
}

const B_ROLES = ['assistant', 'clinician', 'admin'] as const;

describe("account B and account A's patients", () => {
  it.each(B_ROLES)("B's %s gets 404 reading A's patient, its history and a version of it", async (role) => {
    const user = b[role];
    expectError(await send(user, 'GET', `/api/patients/${aPatient.id}`), 404, 'not_found');
    expectError(await send(user, 'GET', `/api/patients/${aPatient.id}/history`), 404, 'not_found');
    expectError(await send(user, 'GET', `/api/patients/${aPatient.id}/history/1`), 404, 'not_found');
  });

  it.each(B_ROLES)("B's %s gets 404 changing A's patient, which stays unchanged", async (role) => {
    expectError(
      await send(b[role], 'PATCH', `/api/patients/${aPatient.id}`, { note: 'from B' }),
      404,
      'not_found',
    );
    const mine = (await send(a.clinician, 'GET', `/api/patients/${aPatient.id}`)).json();
    expect(mine).toMatchObject({ version: 1, note: null });
  });

  it("B's list and search never show A's patient", async () => {
    const all = await send(b.clinician, 'GET', '/api/patients?pageSize=100');
    expect(all.json().items.map((p: PatientJson) => p.uniqueId)).toEqual(['b-only']);
    expect(all.json().total).toBe(1);
    for (const q of ['shared', 'alice', 'anders']) {
      expect((await send(b.clinician, 'GET', `/api/patients?q=${q}`)).json().total).toBe(0);
    }
    expect((await send(a.clinician, 'GET', '/api/patients?q=alice')).json().total).toBe(1);
  });

  it("B's tag filter with A's tag finds nothing, though A's patient carries it", async () => {
    expect((await send(b.clinician, 'GET', `/api/patients?tags=${aTag}`)).json().total).toBe(0);
    expect((await send(a.clinician, 'GET', `/api/patients?tags=${aTag}`)).json().total).toBe(1);
  });

  it('B may use the same unique ID as A', async () => {
    const res = await send(b.clinician, 'POST', '/api/patients', { uniqueId: 'shared-1' });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).not.toBe(aPatient.id);
  });

  it("B's audit query for A's patient answers 404", async () => {
    expectError(await send(b.clinician, 'GET', `/api/audit?patientId=${aPatient.id}`), 404, 'not_found');
  });
});

describe("account B and account A's tags", () => {
  it("B cannot put A's tag on a new or an existing patient (422)", async () => {
    expectInvalidFields(
      await send(b.clinician, 'POST', '/api/patients', { uniqueId: 'b-2', tagIds: [aTag] }),
      ['tagIds'],
    );
    const mine = await createPatient(t, b.clinician, { uniqueId: 'b-3' });
    expectInvalidFields(await send(b.clinician, 'PATCH', `/api/patients/${mine.id}`, { tagIds: [aTag] }), [
      'tagIds',
    ]);
  });

  it("B's lists of categories and tags hold none of A's", async () => {
    expect((await send(b.admin, 'GET', '/api/tags')).json().items).toEqual([]);
    expect((await send(b.admin, 'GET', '/api/tag-categories')).json().items).toEqual([]);
  });

  it("B's admin gets 404 changing or deleting A's tag or category, and 422 using A's category", async () => {
    expectError(await send(b.admin, 'PATCH', `/api/tags/${aTag}`, { name: 'mine' }), 404, 'not_found');
    expectError(await send(b.admin, 'DELETE', `/api/tags/${aTag}`), 404, 'not_found');
    expectError(
      await send(b.admin, 'PATCH', `/api/tag-categories/${aCategory}`, { name: 'mine' }),
      404,
      'not_found',
    );
    expectInvalidFields(await send(b.admin, 'POST', '/api/tags', { name: 'x', categoryId: aCategory }), [
      'categoryId',
    ]);
    const tags = (await send(a.admin, 'GET', '/api/tags')).json().items;
    expect(tags).toEqual([expect.objectContaining({ id: aTag, name: 'A tag', categoryName: 'A things' })]);
  });
});

describe('account B and account A: users and audit', () => {
  it("B's admin lists only B's users", async () => {
    const res = await send(b.admin, 'GET', '/api/users');
    expect(res.statusCode).toBe(200);
    const emails = res.json().items.map((u: { email: string }) => u.email);
    expect(emails).toEqual(['admin@clinic-b.test', 'assistant@clinic-b.test', 'clinician@clinic-b.test']);
  });

  it('the super admin lists the users of every account', async () => {
    const emails = (await send(root, 'GET', '/api/users'))
      .json()
      .items.map((u: { email: string }) => u.email);
    expect(emails).toEqual(
      expect.arrayContaining(['admin@clinic-a.test', 'admin@clinic-b.test', root.email]),
    );
  });

  it("B's admin cannot create a user in account A (404) and nothing is created", async () => {
    const res = await send(b.admin, 'POST', '/api/users', {
      email: 'intruder@clinic-a.test',
      password: TEST_PASSWORD,
      role: 'clinician',
      accountId: a.account.id,
    });
    expectError(res, 404, 'not_found');
    const emails = (await send(root, 'GET', '/api/users'))
      .json()
      .items.map((u: { email: string }) => u.email);
    expect(emails).not.toContain('intruder@clinic-a.test');
  });

  it("B's admin reads only B's audit events", async () => {
    const res = await send(b.admin, 'GET', '/api/audit?pageSize=100');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { accountId: string | null; patientId: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.accountId === b.account.id)).toBe(true);
    expect(items.some((e) => e.patientId === aPatient.id)).toBe(false);
    const forA = await send(b.admin, 'GET', `/api/audit?userId=${a.clinician.id}`);
    expect(forA.json()).toMatchObject({ items: [], total: 0 });
  });
});
