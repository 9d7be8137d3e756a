import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

// PRODUCT.md §2, the patient database: filters by last appointment, entry and image counts; paging.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

/**
 * Entries and images do not exist yet, so their computed columns (last_appointment_at,
 * entry_count, image_count) are set directly with SQL, as those services will keep them.
 */
const SEED = [
  { uniqueId: 'f1', at: '2026-03-05T10:00:00Z', entries: 1, images: 0 },
  { uniqueId: 'f2', at: '2026-03-05T23:30:00Z', entries: 3, images: 5 },
  { uniqueId: 'f3', at: '2026-03-06T00:00:00Z', entries: 0, images: 2 },
  { uniqueId: 'f4', at: '2026-02-01T08:00:00Z', entries: 10, images: 20 },
  { uniqueId: 'f5', at: null, entries: 0, images: 0 },
];

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  for (const s of SEED) {
    const p = await createPatient(t, clinic.clinician, { uniqueId: s.uniqueId });
    await t.database.raw(
      'update patients set last_appointment_at = $1, entry_count = $2, image_count = $3 where id = $4',
      [s.at, s.entries, s.images, p.id],
    );
  }
});
afterAll(() => t?.close());

const get = (query: string) =>
  t.app.inject({ method: 'GET', url: `/api/patients?${query}`, headers: clinic.clinician.headers });

async function list(query: string) {
  const res = await get(`${query}&sort=uniqueId&order=asc`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: PatientJson[]; total: number; page: number; pageSize: number };
}
const ids = async (query: string) => (await list(query)).items.map((p) => p.uniqueId);

describe('patient database: computed fields in the list', () => {
  it('shows the counts and the last appointment of each patient', async () => {
    const [f2] = (await list('q=f2')).items;
    expect(f2).toMatchObject({ entryCount: 3, imageCount: 5, lastAppointmentAt: '2026-03-05T23:30:00.000Z' });
  });
});

describe('patient database: last appointment range', () => {
  it('appointmentFrom keeps appointments at or after it, never patients without one', async () => {
    expect(await ids('appointmentFrom=2026-03-05')).toEqual(['f1', 'f2', 'f3']);
    expect(await ids('appointmentFrom=2026-03-05T23:30:00Z')).toEqual(['f2', 'f3']);
  });

  it('appointmentTo as a bare date includes that whole day', async () => {
    expect(await ids('appointmentTo=2026-03-05')).toEqual(['f1', 'f2', 'f4']);
  });

  it('appointmentTo as a time is an exact upper bound', async () => {
    expect(await ids('appointmentTo=2026-03-05T12:00:00Z')).toEqual(['f1', 'f4']);
    expect(await ids('appointmentTo=2026-03-05T10:00:00Z')).toEqual(['f1', 'f4']);
  });

  it('appointmentTo as a time at exactly midnight is an exact bound too, not "that whole day"', async () => {
    // Fails while list-patients.ts widens every midnight upper bound to the end of its day
    // (endOfDayIfDate): it cannot tell 2026-03-05 from 2026-03-05T00:00:00Z. The schema now turns
    // a bare date into the end of its day itself, so that widening can simply go.
    expect(await ids('appointmentTo=2026-03-05T00:00:00Z')).toEqual(['f4']);
    expect(await ids('appointmentTo=2026-03-06T00:00:00.000Z')).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('one day from and to gives that day', async () => {
    expect(await ids('appointmentFrom=2026-03-05&appointmentTo=2026-03-05')).toEqual(['f1', 'f2']);
    expect(await ids('appointmentFrom=2026-03-06&appointmentTo=2026-03-06')).toEqual(['f3']);
  });

  it('refuses from after to with 422 naming appointmentTo', async () => {
    expectInvalidFields(await get('appointmentFrom=2026-03-06&appointmentTo=2026-03-05'), ['appointmentTo']);
  });

  it.each([
    ['2026-02-30', 'February 30th'],
    ['2026-13-01', 'month 13'],
    ['garbage', 'not a date'],
    ['March 5', 'not ISO'],
  ])('refuses appointmentFrom=%s (%s) with 422 naming it', async (value) => {
    expectInvalidFields(await get(`appointmentFrom=${encodeURIComponent(value)}`), ['appointmentFrom']);
  });
});

describe('patient database: entry and image counts', () => {
  it('filters by minEntries and maxEntries, inclusive', async () => {
    expect(await ids('minEntries=1')).toEqual(['f1', 'f2', 'f4']);
    expect(await ids('maxEntries=3')).toEqual(['f1', 'f2', 'f3', 'f5']);
    expect(await ids('minEntries=1&maxEntries=3')).toEqual(['f1', 'f2']);
    expect(await ids('minEntries=0&maxEntries=0')).toEqual(['f3', 'f5']);
  });

  it('filters by minImages and maxImages, inclusive', async () => {
    expect(await ids('minImages=2')).toEqual(['f2', 'f3', 'f4']);
    expect(await ids('maxImages=0')).toEqual(['f1', 'f5']);
    expect(await ids('minImages=2&maxImages=5')).toEqual(['f2', 'f3']);
  });

  it('combines filters with AND', async () => {
    expect(await ids('minEntries=1&minImages=1&appointmentFrom=2026-03-01')).toEqual(['f2']);
  });

  it('refuses min > max with 422 naming the max', async () => {
    expectInvalidFields(await get('minEntries=4&maxEntries=3'), ['maxEntries']);
    expectInvalidFields(await get('minImages=6&maxImages=5'), ['maxImages']);
  });

  it('refuses negative or fractional counts with 422 naming them', async () => {
    expectInvalidFields(await get('minEntries=-1'), ['minEntries']);
    expectInvalidFields(await get('maxImages=1.5'), ['maxImages']);
    expectInvalidFields(await get('minImages=many'), ['minImages']);
  });
});

describe('patient database: paging', () => {
  it('answers pages of pageSize with the page, the page size and the total', async () => {
    const one = await list('pageSize=2&page=1');
    expect(one).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(one.items.map((p) => p.uniqueId)).toEqual(['f1', 'f2']);
    expect((await list('pageSize=2&page=2')).items.map((p) => p.uniqueId)).toEqual(['f3', 'f4']);
    expect((await list('pageSize=2&page=3')).items.map((p) => p.uniqueId)).toEqual(['f5']);
  });

  it('answers an empty page past the end with the same total', async () => {
    expect(await list('pageSize=2&page=4')).toMatchObject({ items: [], total: 5, page: 4 });
  });

  it('counts the filtered total, not the whole account', async () => {
    const res = await list('minEntries=1&pageSize=2');
    expect(res.total).toBe(3);
    expect(res.items.map((p) => p.uniqueId)).toEqual(['f1', 'f2']);
    expect((await list('minEntries=1&pageSize=2&page=2')).items.map((p) => p.uniqueId)).toEqual(['f4']);
  });

  it('defaults to page 1 of 25', async () => {
    expect(await list('')).toMatchObject({ page: 1, pageSize: 25, total: 5 });
  });

  it('accepts pageSize 100 and refuses 101 with 422 naming pageSize', async () => {
    expect((await list('pageSize=100')).pageSize).toBe(100);
    expectInvalidFields(await get('pageSize=101'), ['pageSize']);
  });

  it('refuses page 0, pageSize 0 and non-numbers with 422 naming them', async () => {
    expectInvalidFields(await get('page=0'), ['page']);
    expectInvalidFields(await get('pageSize=0'), ['pageSize']);
    expectInvalidFields(await get('page=first'), ['page']);
  });
});
