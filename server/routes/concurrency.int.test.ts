import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  createPatient,
  createSuperAdmin,
  type Response,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// Requests that race for the same name or version, as several people (or several server
// instances on PostgreSQL) may send them: exactly one wins, the others get the contract's 409 or
// 412, never a 500. The embedded database runs them one after another; PostgreSQL in parallel.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const atOnce = (n: number, send: () => Promise<Response>) => Promise.all(Array.from({ length: n }, send));
const statuses = (results: Response[]) => results.map((r) => r.statusCode).sort();
const losers = (results: Response[], status: number) => results.filter((r) => r.statusCode === status);

describe('racing for one name', () => {
  it('five creates of one unique ID: one 201, four 409 unique_id_taken', async () => {
    const results = await atOnce(5, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: clinic.clinician.headers,
        payload: { uniqueId: 'race-1' },
      }),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409, 409]);
    for (const r of losers(results, 409)) expectError(r, 409, 'unique_id_taken');
  });

  it('two patients renamed to one free unique ID: one 200, one 409 unique_id_taken', async () => {
    const a = await createPatient(t, clinic.clinician, { uniqueId: 'race-a' });
    const b = await createPatient(t, clinic.clinician, { uniqueId: 'race-b' });
    const results = await Promise.all(
      [a, b].map((p) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/patients/${p.id}`,
          headers: clinic.clinician.headers,
          payload: { uniqueId: 'race-c' },
        }),
      ),
    );
    expect(statuses(results)).toEqual([200, 409]);
    for (const r of losers(results, 409)) expectError(r, 409, 'unique_id_taken');
  });

  it('four creates of one user e-mail: one 201, three 409 email_taken', async () => {
    const results = await atOnce(4, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: clinic.admin.headers,
        payload: { email: 'race@skin-clinic.test', password: TEST_PASSWORD, role: 'clinician' },
      }),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409]);
    for (const r of losers(results, 409)) expectError(r, 409, 'email_taken');
  });

  it('four creates of one account name: one 201, three 409 account_name_taken', async () => {
    const results = await atOnce(4, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: root.headers,
        payload: { name: 'Race Clinic' },
      }),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409]);
    for (const r of losers(results, 409)) expectError(r, 409, 'account_name_taken');
  });

  it('four creates of one tag category name: one 201, three 409 name_taken', async () => {
    const results = await atOnce(4, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/tag-categories',
        headers: clinic.admin.headers,
        payload: { name: 'Race', color: '#000000' },
      }),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409]);
    for (const r of losers(results, 409)) expectError(r, 409, 'name_taken');
  });
});

describe('racing for one version', () => {
  it('four changes with the same If-Match: one 200, three 412, and the patient is at version 2', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'race-v' });
    let n = 0;
    const results = await atOnce(4, () =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${p.id}`,
        headers: { ...clinic.clinician.headers, 'if-match': 'W/"1"' },
        payload: { note: `writer ${++n}` },
      }),
    );
    expect(statuses(results)).toEqual([200, 412, 412, 412]);
    for (const r of losers(results, 412)) expectError(r, 412, 'version_mismatch');
    const winner = results.find((r) => r.statusCode === 200)?.json();
    const now = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${p.id}`,
      headers: clinic.clinician.headers,
    });
    expect(now.json()).toMatchObject({ version: 2, note: winner.note });
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${p.id}/history`,
      headers: clinic.clinician.headers,
    });
    expect(history.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('changes without If-Match all land, each as its own version', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'race-w' });
    const results = await atOnce(4, () =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${p.id}`,
        headers: clinic.clinician.headers,
        payload: { note: 'again' },
      }),
    );
    expect(statuses(results)).toEqual([200, 200, 200, 200]);
    expect(results.map((r) => r.json().version).sort()).toEqual([2, 3, 4, 5]);
  });
});

describe('the audit chain under concurrent writes', () => {
  it('stays one intact chain', async () => {
    let n = 0;
    await atOnce(6, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: clinic.assistant.headers,
        payload: { uniqueId: `chain-${++n}` },
      }),
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: root.headers });
    expect(res.json()).toMatchObject({ intact: true });
  });
});
