import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import {
  cookieLogin,
  createPatient,
  createSuperAdmin,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §7: what the audit trail records, who may read which part of it, and the two levels.

let t: TestApp;
let a: Awaited<ReturnType<typeof seedAccount>>;
let b: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let aPatient: PatientJson;
let bPatient: PatientJson;

interface AuditEvent {
  seq: number;
  accountId: string | null;
  actorId: string | null;
  action: string;
  level: string;
  targetType: string | null;
  targetId: string | null;
  patientId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  expiresAt: string | null;
}

beforeAll(async () => {
  t = await startTestApp();
  a = await seedAccount(t, 'Clinic A');
  b = await seedAccount(t, 'Clinic B');
  root = await createSuperAdmin(t);
  aPatient = await createPatient(t, a.clinician, { uniqueId: 'aud-a' });
  await t.app.inject({
    method: 'PATCH',
    url: `/api/patients/${aPatient.id}`,
    headers: a.assistant.headers,
    payload: { firstName: 'Ann', note: 'x' },
  });
  bPatient = await createPatient(t, b.clinician, { uniqueId: 'aud-b' });
});
afterAll(() => t?.close());

async function audit(query: string, user: TestUser = root) {
  const res = await t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: AuditEvent[]; total: number; page: number; pageSize: number };
}

describe('what is logged', () => {
  it('patient.create with who, which account and which patient', async () => {
    const [event] = (await audit(`action=patient.create&patientId=${aPatient.id}`)).items;
    expect(event).toMatchObject({
      action: 'patient.create',
      level: 'essential',
      accountId: a.account.id,
      actorId: a.clinician.id,
      targetType: 'patient',
      targetId: aPatient.id,
      patientId: aPatient.id,
      details: { uniqueId: 'aud-a' },
      ip: '127.0.0.1',
    });
  });

  it('patient.update with the new version and the changed fields', async () => {
    const [event] = (await audit(`action=patient.update&patientId=${aPatient.id}`)).items;
    expect(event).toMatchObject({
      actorId: a.assistant.id,
      details: { version: 2, fields: ['firstName', 'note'] },
    });
  });

  it('sign-in as auth.login and settings changes as settings.change', async () => {
    await cookieLogin(t, a.admin.email);
    expect((await audit(`action=auth.login&userId=${a.admin.id}`)).items[0]).toMatchObject({
      accountId: a.account.id,
      targetId: a.admin.id,
    });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { consentLevel: 'advisory' },
    });
    expect((await audit('action=settings.change')).items[0]).toMatchObject({
      actorId: root.id,
      accountId: null,
    });
  });

  it('lists newest first with a total and pages', async () => {
    const all = await audit('pageSize=100');
    const seqs = all.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    const page2 = await audit('pageSize=2&page=2');
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page2.items.map((e) => e.seq)).toEqual(seqs.slice(2, 4));
  });
});

describe('who reads what', () => {
  it('the super admin reads every account', async () => {
    const accounts = new Set((await audit('pageSize=100')).items.map((e) => e.accountId));
    expect(accounts).toContain(a.account.id);
    expect(accounts).toContain(b.account.id);
  });

  it('an account admin reads its account only', async () => {
    const items = (await audit('pageSize=100', a.admin)).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.accountId === a.account.id)).toBe(true);
    expect(items.some((e) => e.action === 'patient.create' && e.patientId === aPatient.id)).toBe(true);
    expectError(
      await t.app.inject({
        method: 'GET',
        url: `/api/audit?patientId=${bPatient.id}`,
        headers: a.admin.headers,
      }),
      404,
      'not_found',
    );
  });

  it.each(['clinician', 'assistant'] as const)(
    'a %s reads the activity of a patient of its account',
    async (role) => {
      const items = (await audit(`patientId=${aPatient.id}`, a[role])).items;
      expect(items.map((e) => e.action).sort()).toEqual(['patient.create', 'patient.update']);
      expect(items.every((e) => e.patientId === aPatient.id)).toBe(true);
    },
  );

  it.each(['clinician', 'assistant'] as const)('a %s reads its own security history', async (role) => {
    const items = (await audit(`userId=${a[role].id}`, a[role])).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.actorId === a[role].id)).toBe(true);
  });

  it("a clinician gets 404 for another account's patient", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?patientId=${bPatient.id}`,
      headers: a.clinician.headers,
    });
    expectError(res, 404, 'not_found');
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/audit?patientId=${randomUUID()}`,
      headers: a.clinician.headers,
    });
    expectError(unknown, 404, 'not_found');
  });

  it('a clinician gets 403 for the whole trail or for another user’s history', async () => {
    const get = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: a.clinician.headers });
    expectError(await get(''), 403, 'forbidden');
    expectError(await get(`userId=${a.assistant.id}`), 403, 'forbidden');
    expectError(await get(`userId=${b.clinician.id}`), 403, 'forbidden');
    expectError(await get('action=patient.create'), 403, 'forbidden');
  });
});

describe('time range', () => {
  // Every event so far happened on 2026-01-01 (the test clock's day).
  it('from and to as bare dates take whole days: to includes its own day', async () => {
    const all = (await audit('pageSize=1')).total;
    expect((await audit('from=2026-01-01&to=2026-01-01&pageSize=1')).total).toBe(all);
    expect((await audit('to=2026-01-01&pageSize=1')).total).toBe(all);
    expect((await audit('from=2026-01-02&pageSize=1')).total).toBe(0);
    expect((await audit('to=2025-12-31&pageSize=1')).total).toBe(0);
  });

  it('from and to as times are exact bounds', async () => {
    expect((await audit('to=2026-01-01T08:59:59Z&pageSize=1')).total).toBe(0);
    expect(
      (await audit('from=2026-01-01T09:00:00Z&to=2026-01-01T10:00:00Z&pageSize=1')).total,
    ).toBeGreaterThan(0);
  });
});

describe('audit levels', () => {
  const views = async () => (await audit(`action=patient.view&patientId=${aPatient.id}`)).total;
  const open = (user: TestUser = a.clinician) =>
    t.app.inject({ method: 'GET', url: `/api/patients/${aPatient.id}`, headers: user.headers });
  const setLevel = (auditLevel: string) =>
    t.app.inject({ method: 'PATCH', url: '/api/settings', headers: root.headers, payload: { auditLevel } });

  it('Essential (the default) does not log viewing a patient', async () => {
    expect((await open()).statusCode).toBe(200);
    expect(await views()).toBe(0);
  });

  it('Comprehensive logs patient.view for every GET of a patient, with who viewed it', async () => {
    expect((await setLevel('comprehensive')).statusCode).toBe(200);
    await open(a.clinician);
    await open(a.assistant);
    const items = (await audit(`action=patient.view&patientId=${aPatient.id}`)).items;
    expect(items.map((e) => e.actorId)).toEqual([a.assistant.id, a.clinician.id]);
    expect(items[0]).toMatchObject({
      level: 'comprehensive',
      targetId: aPatient.id,
      accountId: a.account.id,
    });
  });

  it('Comprehensive also logs reading the history and reading one past version', async () => {
    const read = (url: string) => t.app.inject({ method: 'GET', url, headers: a.clinician.headers });
    expect((await read(`/api/patients/${aPatient.id}/history`)).statusCode).toBe(200);
    expect((await read(`/api/patients/${aPatient.id}/history/1`)).statusCode).toBe(200);
    const items = (await audit(`action=patient.history.view&patientId=${aPatient.id}`)).items;
    expect(items.map((e) => e.details)).toEqual([{ version: 1 }, null]);
    expect(items.every((e) => e.actorId === a.clinician.id && e.level === 'comprehensive')).toBe(true);
  });

  it('back at Essential, views are no longer logged; earlier ones stay', async () => {
    expect((await setLevel('essential')).statusCode).toBe(200);
    await open();
    expect(await views()).toBe(2);
  });
});

describe('sorted by expiry', () => {
  const remove = async (uniqueId: string) => {
    const p = await createPatient(t, a.clinician, { uniqueId });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/patients/${p.id}`,
      headers: a.clinician.headers,
      payload: { reason: 'duplicate', confirmation: `delete ${uniqueId}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().expiresAt as string;
  };
  const expiries = (items: AuditEvent[]) => items.map((e) => e.expiresAt);

  it('lists soonest expiry first or last on request; events that never expire come after', async () => {
    const first = await remove('sort-first');
    t.clock.advance(30 * 24 * 3600_000);
    const second = await remove('sort-second');
    const asc = expiries((await audit('sort=expiresAt&order=asc&pageSize=100')).items);
    const dated = asc.filter((e) => e !== null);
    expect(dated.length).toBeGreaterThanOrEqual(2);
    expect(asc.slice(0, dated.length)).toEqual([...dated].sort());
    expect(asc.slice(dated.length).every((e) => e === null)).toBe(true);
    expect(dated[0]).toBe(first);
    expect(expiries((await audit('sort=expiresAt&pageSize=100')).items)).toEqual(asc);
    const desc = expiries((await audit('sort=expiresAt&order=desc&pageSize=100')).items);
    expect(desc[0]).toBe(second);
    expect(desc.slice(0, dated.length)).toEqual([...dated].sort().reverse());
  });

  it('lists by time, newest first unless asked otherwise; the OpenAPI document names both parameters', async () => {
    const newest = (await audit('sort=at')).items.map((e) => e.seq);
    expect(newest).toEqual([...newest].sort((x, y) => y - x));
    const oldest = (await audit('sort=at&order=asc&pageSize=3')).items.map((e) => e.seq);
    expect(oldest).toEqual([1, 2, 3]);
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/audit?sort=name', headers: root.headers }),
      422,
      'invalid_input',
    );
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const names = doc.paths['/api/audit'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['sort', 'order']));
  });
});
