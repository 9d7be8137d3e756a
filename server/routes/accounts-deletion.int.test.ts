import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, patients, recordVersions, tagCategories, tags, users } from '../db/schema.ts';
import { auditEvents } from '../db/schema-audit.ts';
import { consents, entries, images } from '../db/schema-clinical.ts';
import { deleteAccount } from '../services/account-deletion/delete-account.ts';
import type { Actor } from '../services/context.ts';
import { expectError } from '../testing/expect-error.ts';
import { allStoredFiles } from '../testing/expunge.ts';
import { failingAfter } from '../testing/failing-store.ts';
import { makePng } from '../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, seedRecords } from '../testing/lifecycle.ts';
import { newClinician } from '../testing/users.ts';

// PRODUCT.md §6 "Account deletion": always permanent, whatever the policy; nothing of another
// account is touched; resumable after a crash (deleting again or the daily cleanup finishes).

let t: TestApp;
let root: TestUser;
type Seeded = Awaited<ReturnType<typeof seedClinic>>;

beforeAll(async () => {
  t = await startTestApp();
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

/** An account with users, tags, two patients (one soft-deleted), entries, images, a signed consent. */
async function seedClinic(name: string) {
  const clinic = await seedAccount(t, name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const category = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: clinic.admin.headers,
    payload: { name: 'Site', color: '#113355' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/tags',
    headers: clinic.admin.headers,
    payload: { name: 'cheek', categoryId: category.json().id },
  });
  const kept = await seedRecords(t, clinic.clinician, `${slug}-1`, { entries: 2, images: 2 });
  const gone = await seedRecords(t, clinic.clinician, `${slug}-2`, { entries: 1, images: 1 });
  await deleteRecord(t, clinic.clinician, 'patients', gone.patient.id, `delete ${slug}-2`);
  await t.app.inject({
    method: 'POST',
    url: `/api/patients/${kept.patient.id}/consents`,
    headers: clinic.clinician.headers,
    payload: {
      method: 'signature',
      signature: `data:image/png;base64,${(await makePng()).toString('base64')}`,
    },
  });
  const leaver = await newClinician(t, clinic.admin, clinic.account.id, `leaver@${slug}.test`);
  await t.app.inject({ method: 'DELETE', url: `/api/users/${leaver}`, headers: clinic.admin.headers });
  return { ...clinic, kept, gone };
}

const login = (email: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });

const deleteAccountRequest = (id: string, confirmation?: string, user: TestUser = root) =>
  t.app.inject({
    method: 'DELETE',
    url: `/api/accounts/${id}`,
    headers: user.headers,
    ...(confirmation !== undefined ? { payload: { confirmation } } : {}),
  });

/** Rows of the account left in each table holding account data. */
async function rowsOf(accountId: string) {
  const db = t.database.db;
  const counted = async (table: typeof patients | typeof entries) =>
    (await db.select({ id: table.accountId }).from(table).where(eq(table.accountId, accountId))).length;
  return {
    patients: await counted(patients),
    entries: await counted(entries),
    images: await counted(images as unknown as typeof entries),
    consents: await counted(consents as unknown as typeof entries),
    tags: await counted(tags as unknown as typeof entries),
    categories: await counted(tagCategories as unknown as typeof entries),
    users: await counted(users as unknown as typeof entries),
    versions: await counted(recordVersions as unknown as typeof entries),
    files: allStoredFiles(t).filter((f) => f.includes(accountId)).length,
  };
}

const noRows = {
  patients: 0,
  entries: 0,
  images: 0,
  consents: 0,
  tags: 0,
  categories: 0,
  users: 0,
  versions: 0,
  files: 0,
};
const verify = async () => (await read(t, root, '/api/audit/verify')).json();

describe('deleting an account', () => {
  let a: Seeded;
  let b: Seeded;
  let bBefore: Awaited<ReturnType<typeof rowsOf>>;

  beforeAll(async () => {
    a = await seedClinic('Doomed Clinic');
    b = await seedClinic('Kept Clinic');
    bBefore = await rowsOf(b.account.id);
  });

  it('refuses a wrong or missing phrase (422) and every role but the super administrator; nothing changes', async () => {
    const before = await rowsOf(a.account.id);
    expectError(
      await deleteAccountRequest(a.account.id, 'delete account Doomed'),
      422,
      'confirmation_mismatch',
    );
    expectError(await deleteAccountRequest(a.account.id), 422, 'confirmation_mismatch');
    expectError(
      await deleteAccountRequest(a.account.id, 'delete account Doomed Clinic', a.admin),
      403,
      'forbidden',
    );
    expect(await rowsOf(a.account.id)).toEqual(before);
    expect((await login(a.clinician.email)).statusCode).toBe(200);
    expect((await read(t, root, `/api/accounts/${a.account.id}`)).json()).toMatchObject({ deleting: false });
  });

  it('removes everything of the account, for good, and nothing of another', async () => {
    const before = await rowsOf(a.account.id);
    expect(before.files).toBe(3 * 3 + 1);
    const res = await deleteAccountRequest(a.account.id, 'delete account Doomed Clinic');
    expect(res.statusCode, res.body).toBe(200);
    const { deleted } = res.json();
    expect(deleted).toMatchObject({ patients: 2, entries: 3, images: 3, users: 4, files: 10 });
    expect(deleted.logs).toBeGreaterThan(10);
    expect(await rowsOf(a.account.id)).toEqual(noRows);
    expect(await rowsOf(b.account.id)).toEqual(bBefore);
    expect((await read(t, b.clinician, `/api/patients/${b.kept.patient.id}`)).statusCode).toBe(200);
  });

  it('lets no one in again, and the account is gone from every read', async () => {
    for (const user of [a.admin, a.clinician, a.assistant]) {
      expectError(await login(user.email), 401, 'unauthorized');
      expectError(await read(t, user, '/api/auth/me'), 401, 'unauthorized');
    }
    expect((await login(b.clinician.email)).statusCode).toBe(200);
    const list = (await read(t, root, '/api/accounts')).json().items.map((x: { id: string }) => x.id);
    expect(list).not.toContain(a.account.id);
    expect(list).toContain(b.account.id);
    expectError(await read(t, root, `/api/accounts/${a.account.id}`), 404, 'not_found');
    expectError(await deleteAccountRequest(a.account.id, 'delete account Doomed Clinic'), 404, 'not_found');
    expectError(await read(t, b.clinician, `/api/patients/${a.kept.patient.id}`), 404, 'not_found');
  });

  it('keeps two deployment-level events; the rest of its log keeps only its hashes; the chain verifies', async () => {
    const db = t.database.db;
    const events = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, a.account.id))
      .orderBy(auditEvents.seq);
    expect(events.map((e) => e.action)).toEqual(['account.delete', 'account.delete_finished']);
    expect(events[0]).toMatchObject({ accountId: null, actorId: root.id });
    // It keeps the account's name and what it held, so the deletion can be shown later.
    expect(events[0]?.details).toMatchObject({
      permanent: true,
      name: 'Doomed Clinic',
      held: { patients: 2, entries: 3, images: 3, users: 4 },
    });
    // The finishing event keeps the name and what was removed, files and log events included.
    expect(events[1]).toMatchObject({ accountId: null, actorId: root.id });
    expect(events[1]?.details).toMatchObject({
      name: 'Doomed Clinic',
      removed: { patients: 2, entries: 3, images: 3, users: 4 },
    });
    const finished = events[1]?.details as { removed?: { files: number; logEvents: number } } | undefined;
    expect(finished?.removed?.files).toBeGreaterThanOrEqual(3);
    expect(finished?.removed?.logEvents).toBeGreaterThan(10);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(account).toBeUndefined();
    const own = await db.select().from(auditEvents).where(eq(auditEvents.accountId, a.account.id));
    expect(own.length).toBeGreaterThan(10);
    for (const e of own)
      expect(e).toMatchObject({ details: null, actorId: null, patientId: null, targetId: null });
    const kept = await db.select().from(auditEvents).where(eq(auditEvents.accountId, b.account.id));
    expect(kept.some((e) => e.redactedAt === null)).toBe(true);
    expect(await verify()).toMatchObject({ intact: true });
  });
});

describe('an account deletion that stopped midway', () => {
  const actor = (): Actor => ({
    userId: root.id,
    email: root.email,
    role: 'super-admin',
    accountId: null,
    via: 'token',
  });

  it('locks everyone out at once, shows the account as deleting, and the daily cleanup finishes it', async () => {
    const c = await seedClinic('Crashing Clinic');
    const ctx = { db: t.database.db, clock: t.clock };
    await expect(
      deleteAccount(ctx, failingAfter(t.storage, 4), actor(), c.account.id, 'delete account Crashing Clinic'),
    ).rejects.toThrow(/storage unavailable/);
    expectError(await login(c.clinician.email), 401, 'unauthorized');
    expect((await read(t, root, `/api/accounts/${c.account.id}`)).json()).toMatchObject({ deleting: true });
    const addUser = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: root.headers,
      payload: {
        email: 'late@crashing.test',
        password: TEST_PASSWORD,
        role: 'clinician',
        accountId: c.account.id,
      },
    });
    expectError(addUser, 404, 'not_found');
    // Never a stored file whose row is gone.
    const left = await rowsOf(c.account.id);
    expect(left.files).toBeLessThanOrEqual(left.images * 3 + left.consents);

    const run = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().failures).toEqual([]);
    expect(run.json().removed.patients).toBeGreaterThan(0);
    expect(await rowsOf(c.account.id)).toEqual(noRows);
    expectError(await read(t, root, `/api/accounts/${c.account.id}`), 404, 'not_found');
    // The cleanup that finished it writes the finishing event, under the name of who ran it.
    const [finished] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, c.account.id))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    expect(finished).toMatchObject({ action: 'account.delete_finished', actorId: root.id });
    expect(finished?.details).toMatchObject({ name: 'Crashing Clinic' });
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('is finished by deleting it again', async () => {
    const c = await seedClinic('Retried Clinic');
    const ctx = { db: t.database.db, clock: t.clock };
    await expect(
      deleteAccount(ctx, failingAfter(t.storage, 0), actor(), c.account.id, 'delete account Retried Clinic'),
    ).rejects.toThrow(/storage unavailable/);
    const res = await deleteAccountRequest(c.account.id, 'delete account Retried Clinic');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deleted).toMatchObject({ patients: 2, entries: 3, images: 3, files: 10 });
    expect(await rowsOf(c.account.id)).toEqual(noRows);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, c.account.id))
      .orderBy(auditEvents.seq);
    expect(events.map((e) => e.action)).toEqual(['account.delete', 'account.delete_finished']);
    expect(events[1]?.details).toMatchObject({
      name: 'Retried Clinic',
      removed: { patients: 2, entries: 3, images: 3, files: 10 },
    });
  });
});
