import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentState, seedDeployment, storedBackup, withAuditUpTo } from '../../testing/backups.ts';
import { seedAccount, startTestApp, TEST_PASSWORD, type TestApp } from '../../testing/harness.ts';
import { read, seedRecords } from '../../testing/lifecycle.ts';

// PRODUCT.md §6 and §8: account deletion is permanent, and only a restore from a backup brings the
// account back. Through the real API on the configured database (embedded, or PostgreSQL with
// DATABASE_URL): an account deleted after the backup comes back as it was, one deleted before it
// stays deleted, and the soft-deleted records keep their original expiries although the retention
// period and the clock moved on. Rows are compared generically, table by table.

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDeployment>>;
let closed: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  seeded = await seedDeployment(t);
  // An account deleted before the backup: the backup holds only its deletion event and redactions.
  closed = await seedAccount(t, 'Closed Practice');
  await seedRecords(t, closed.clinician, 'closed-1', { entries: 1, images: 1 });
  const res = await deleteAccount(closed.account.id, 'Closed Practice');
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

function deleteAccount(id: string, name: string) {
  return t.app.inject({
    method: 'DELETE',
    url: `/api/accounts/${id}`,
    headers: seeded.root.headers,
    payload: { confirmation: `delete account ${name}` },
  });
}

const signIn = (email: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });

/** What people see of the soft-deleted records, expiries included. */
async function deletedRecords() {
  const { clinic, root } = seeded;
  return {
    patients: (await read(t, clinic.clinician, '/api/deleted/patients')).json(),
    items: (await read(t, clinic.clinician, `/api/patients/${seeded.kept.patient.id}/deleted-items`)).json(),
    users: (await read(t, root, '/api/deleted/users')).json(),
  };
}

const expiries = (records: Awaited<ReturnType<typeof deletedRecords>>) =>
  JSON.stringify(records).match(/"expiresAt":"[^"]+"/g) ?? [];

describe('a restore and deleted accounts', () => {
  it('brings back an account deleted after the backup as it was, and the original expiries', async () => {
    const { other, root } = seeded;
    const before = await deploymentState(t.database, t.storage);
    const deletedBefore = await deletedRecords();
    // A deleted patient, entry, image and user, each with its expiry.
    expect(expiries(deletedBefore).length).toBeGreaterThanOrEqual(4);
    const otherFiles = Object.keys(before.files).filter((k) => k.includes(other.account.id));
    expect(otherFiles.length).toBeGreaterThan(0);
    const id = await storedBackup(t);

    // After the backup: the second account is deleted for good, the retention period doubled
    // (every expiry moves) and a month passes.
    const res = await deleteAccount(other.account.id, 'Second Practice');
    expect(res.statusCode, res.body).toBe(200);
    expect((await signIn(other.admin.email)).statusCode).toBe(401);
    const gone = await deploymentState(t.database, t.storage);
    expect(Object.keys(gone.files).filter((k) => k.includes(other.account.id))).toEqual([]);
    const settings = (await read(t, root, '/api/settings')).json();
    const changed = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { retentionMonths: settings.retentionMonths * 2 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(expiries(await deletedRecords())).not.toEqual(expiries(deletedBefore));
    t.clock.advance(31 * 24 * 3600_000);

    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/admin/backups/${id}/restore`,
      headers: root.headers,
      payload: { confirmation: `restore backup ${id}` },
    });
    expect(restored.statusCode, restored.body).toBe(200);

    // The same rows in every table and byte-identical files, the deleted account's included.
    const after = await deploymentState(t.database, t.storage);
    expect(withAuditUpTo(after, before.tables.audit_events?.length ?? 0)).toEqual(before);
    expect(await deletedRecords()).toEqual(deletedBefore);

    // The account works again: its users sign in and read their patients and images.
    const login = await signIn(other.clinician.email);
    expect(login.statusCode, login.body).toBe(200);
    const patients = (await read(t, other.clinician, '/api/patients')).json();
    expect(patients.items.map((p: { uniqueId: string }) => p.uniqueId)).toEqual(['other-1']);
    const accounts = (await read(t, root, '/api/accounts')).json();
    const names = accounts.items.map((a: { name: string }) => a.name);
    expect(names).toContain('Second Practice');
    // The account deleted before the backup stays deleted.
    expect(names).not.toContain('Closed Practice');
    expect((await signIn(closed.clinician.email)).statusCode).toBe(401);
    expect((await read(t, root, '/api/audit/verify')).json()).toMatchObject({ intact: true });
  });
});
