import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

// PRODUCT.md §2, the patient database: search by unique ID or name prefix, and the four sorts.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

/** Created in this order, one minute apart, so "last modified" has a known order. */
const PEOPLE = [
  { uniqueId: 'p_1', firstName: 'Anna', lastName: 'Berg' },
  { uniqueId: 'px1', firstName: 'Bert', lastName: 'Adams' },
  { uniqueId: 'zz-9', firstName: 'Carla', lastName: 'Zimmer' },
  { uniqueId: 'abc' },
  { uniqueId: 'm-2', firstName: 'anna', lastName: 'Cole' },
  { uniqueId: 'q10', firstName: 'Dora', lastName: 'berger' },
];

/**
 * Appointments come with clinical entries, which do not exist yet: last_appointment_at is set with
 * SQL, as the entry services will keep it. Three patients have none.
 */
const APPOINTMENTS: Record<string, string> = {
  p_1: '2026-03-01T10:00:00Z',
  px1: '2026-01-15T08:30:00Z',
  'zz-9': '2026-02-10T14:00:00Z',
};

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  const other = await seedAccount(t, 'Other Clinic');
  for (const person of PEOPLE) {
    t.clock.advance(60_000);
    const p = await createPatient(t, clinic.clinician, person);
    const at = APPOINTMENTS[p.uniqueId];
    if (at) await t.database.raw('update patients set last_appointment_at = $1 where id = $2', [at, p.id]);
  }
  // Another account's look-alikes must never show up.
  await createPatient(t, other.clinician, { uniqueId: 'p_1', firstName: 'Anna', lastName: 'Berg' });
});
afterAll(() => t?.close());

async function list(query: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/patients?${query}`,
    headers: clinic.clinician.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: PatientJson[]; total: number; page: number; pageSize: number };
}
const ids = async (query: string) => (await list(query)).items.map((p) => p.uniqueId);
const q = (text: string) => `q=${encodeURIComponent(text)}&sort=uniqueId&order=asc`;

describe('patient database: search', () => {
  it('finds by unique ID prefix, case-insensitive', async () => {
    expect(await ids(q('ZZ'))).toEqual(['zz-9']);
    expect(await ids(q('m-'))).toEqual(['m-2']);
  });

  it('finds by first name prefix, case-insensitive', async () => {
    expect(await ids(q('ann'))).toEqual(['m-2', 'p_1']);
    expect(await ids(q('ANNA'))).toEqual(['m-2', 'p_1']);
  });

  it('finds by last name prefix, case-insensitive', async () => {
    expect(await ids(q('BERG'))).toEqual(['p_1', 'q10']);
    expect(await ids(q('zim'))).toEqual(['zz-9']);
  });

  it('matches prefixes only, not the middle of a name or ID', async () => {
    expect(await ids(q('erg'))).toEqual([]);
    expect(await ids(q('nna'))).toEqual([]);
    expect(await ids(q('-9'))).toEqual([]);
  });

  it('treats _ in the query literally, not as a one-character wildcard', async () => {
    // As a LIKE wildcard, "p_" would also match "px1".
    expect(await ids(q('p_'))).toEqual(['p_1']);
    expect(await ids(q('P_1'))).toEqual(['p_1']);
  });

  it('treats % and \\ in the query literally', async () => {
    expect(await ids(q('%'))).toEqual([]);
    expect(await ids(q('p%'))).toEqual([]);
    expect(await ids(q('\\'))).toEqual([]);
  });

  it('needs every word to match when the query has several (first and last name)', async () => {
    expect(await ids(q('anna berg'))).toEqual(['p_1']);
    expect(await ids(q('Cole Anna'))).toEqual(['m-2']);
    expect(await ids(q('anna zimmer'))).toEqual([]);
  });

  it('matches any of unique ID, first name and last name with one word', async () => {
    // "ber": Berg and berger (last names), Bert (first name).
    expect(await ids(q('ber'))).toEqual(['p_1', 'px1', 'q10']);
  });

  it('counts the matches in total, and an empty query lists everyone of the account', async () => {
    expect((await list(q('ann'))).total).toBe(2);
    expect((await list('q=')).total).toBe(6);
    expect((await list('')).total).toBe(6);
  });

  it('refuses a query over 100 characters with 422 naming q', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/patients?q=${'a'.repeat(101)}`,
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(res, ['q']);
  });
});

describe('patient database: sorts', () => {
  it('sorts by last modified, newest first by default', async () => {
    expect(await ids('')).toEqual(['q10', 'm-2', 'abc', 'zz-9', 'px1', 'p_1']);
    expect(await ids('sort=lastModified&order=desc')).toEqual(['q10', 'm-2', 'abc', 'zz-9', 'px1', 'p_1']);
  });

  it('sorts by last modified, oldest first', async () => {
    expect(await ids('sort=lastModified&order=asc')).toEqual(['p_1', 'px1', 'zz-9', 'abc', 'm-2', 'q10']);
  });

  it('sorts by unique ID, both ways', async () => {
    expect(await ids('sort=uniqueId&order=asc')).toEqual(['abc', 'm-2', 'p_1', 'px1', 'q10', 'zz-9']);
    expect(await ids('sort=uniqueId&order=desc')).toEqual(['zz-9', 'q10', 'px1', 'p_1', 'm-2', 'abc']);
  });

  it('sorts by name (last name, then first name, case-insensitive), nameless patients last', async () => {
    expect(await ids('sort=name&order=asc')).toEqual(['px1', 'p_1', 'q10', 'm-2', 'zz-9', 'abc']);
  });

  it('sorts by name descending, nameless patients still last', async () => {
    expect(await ids('sort=name&order=desc')).toEqual(['zz-9', 'm-2', 'q10', 'p_1', 'px1', 'abc']);
  });

  it('sorts by last appointment ascending, patients without one last', async () => {
    const items = (await list('sort=lastAppointment&order=asc')).items;
    expect(items.slice(0, 3).map((p) => p.uniqueId)).toEqual(['px1', 'zz-9', 'p_1']);
    expect(items.slice(3).map((p) => p.lastAppointmentAt)).toEqual([null, null, null]);
    expect(items[0]?.lastAppointmentAt).toBe('2026-01-15T08:30:00.000Z');
  });

  it('sorts by last appointment descending, patients without one still last', async () => {
    const items = (await list('sort=lastAppointment&order=desc')).items;
    expect(items.slice(0, 3).map((p) => p.uniqueId)).toEqual(['p_1', 'zz-9', 'px1']);
    expect(items.slice(3).map((p) => p.lastAppointmentAt)).toEqual([null, null, null]);
  });

  it('moves a changed patient to the front of "last modified"', async () => {
    const [first] = (await list(q('px1'))).items;
    t.clock.advance(60_000);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${first?.id}`,
      headers: clinic.clinician.headers,
      payload: { note: 'seen again' },
    });
    expect(await ids('sort=lastModified')).toEqual(['px1', 'q10', 'm-2', 'abc', 'zz-9', 'p_1']);
  });

  it('refuses an unknown sort or order with 422 naming it', async () => {
    const bad = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/patients?${query}`, headers: clinic.clinician.headers });
    expectInvalidFields(await bad('sort=age'), ['sort']);
    expectInvalidFields(await bad('order=up'), ['order']);
  });
});
