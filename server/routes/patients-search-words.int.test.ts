import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPatient,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

// PRODUCT.md §2: every word of a search must start the unique ID, the first name or the last name.
// The service splits a search into disjoint parts by where each word matches; this compares it, for
// many word combinations, with the rule written plainly here.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

/** Names and IDs that overlap on purpose: a word can start several fields of one patient. */
const PEOPLE: { uniqueId: string; firstName?: string; lastName?: string }[] = [
  { uniqueId: 'em-1', firstName: 'Emma', lastName: 'Smith' },
  { uniqueId: 'em-2', firstName: 'Emmanuel', lastName: 'Smithers' },
  { uniqueId: 'smi-3', firstName: 'Smilla', lastName: 'Emmerson' },
  { uniqueId: 'sm-4', firstName: 'Em', lastName: 'Em' },
  { uniqueId: 'x-5', firstName: 'emma', lastName: 'emma' },
  { uniqueId: 'emma-6', firstName: 'Sam', lastName: 'Smith' },
  { uniqueId: 'x-7', lastName: 'Smith' },
  { uniqueId: 'x-8', firstName: 'Emma' },
  { uniqueId: 'x-9' },
  { uniqueId: 'Smith-10', firstName: 'Jo', lastName: 'Müller' },
  { uniqueId: 'x-11', firstName: 'Müller', lastName: 'Emma' },
  { uniqueId: 'x-12', firstName: 'MÜLLER', lastName: 'smith' },
];

const WORDS = ['em', 'emma', 'emmanuel', 'smi', 'smith', 'smithers', 'x-', 'mül', 'müller', 'sam', 'zz'];

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Search Words Clinic');
  for (const person of PEOPLE) await createPatient(t, clinic.clinician, person);
});
afterAll(() => t?.close());

/** The rule, plainly: each word starts the unique ID or a name, all lower-cased (as IDs are stored). */
function expected(q: string): string[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return PEOPLE.filter((p) =>
    words.every((w) => [p.uniqueId, p.firstName, p.lastName].some((v) => v?.toLowerCase().startsWith(w))),
  )
    .map((p) => p.uniqueId.toLowerCase())
    .sort();
}

async function search(q: string, sort: string, pageSize: number) {
  const found: string[] = [];
  let total = -1;
  for (let page = 1; page < 20; page++) {
    const res = await t.app.inject({
      url: `/api/patients?${new URLSearchParams({ q, sort, pageSize: String(pageSize), page: String(page) })}`,
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: PatientJson[]; total: number };
    total = body.total;
    found.push(...body.items.map((p) => p.uniqueId));
    if (found.length >= total || body.items.length === 0) break;
  }
  return { total, found };
}

describe('search with several words', () => {
  const queries = [
    ...WORDS,
    ...WORDS.flatMap((a) => WORDS.map((b) => `${a} ${b}`)),
    'emma smith sm',
    'em smi x-',
    'müller smith smi',
    'em em em',
  ];

  it(`answers ${queries.length} searches exactly as the rule says, with the right total, over every page`, async () => {
    const sorts = ['lastModified', 'name', 'uniqueId', 'lastAppointment'];
    for (const [i, q] of queries.entries()) {
      const want = expected(q);
      const { total, found } = await search(q, sorts[i % sorts.length] as string, 2);
      expect({ q, found: [...found].sort(), total }).toEqual({ q, found: want, total: want.length });
    }
  });
});

describe('search pages in last-modified order', () => {
  /** Every page of a listing, in order. */
  async function pages(params: Record<string, string>, pageSize: number) {
    const found: string[] = [];
    const totals = new Set<number>();
    for (let page = 1; page < 40; page++) {
      const res = await t.app.inject({
        url: `/api/patients?${new URLSearchParams({ ...params, pageSize: String(pageSize), page: String(page) })}`,
        headers: clinic.clinician.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: PatientJson[]; total: number };
      totals.add(body.total);
      if (body.items.length === 0) break;
      found.push(...body.items.map((p) => p.uniqueId));
    }
    return { found, totals: [...totals] };
  }

  // The first page of one word may walk the last-modified order, other pages collect the matches
  // and sort them: both must give the order of the unfiltered list.
  it('gives the matches in the order of the whole list, on every page size, both ways', async () => {
    for (const order of ['desc', 'asc']) {
      const everyone = (await pages({ sort: 'lastModified', order }, 100)).found;
      for (const q of ['em', 'smi', 'x-', 'emma smi', 'mül', 'zz']) {
        const want = expected(q);
        const inOrder = everyone.filter((id) => want.includes(id));
        for (const pageSize of [1, 2, 3, 5]) {
          const { found, totals } = await pages({ q, sort: 'lastModified', order }, pageSize);
          expect({ q, order, pageSize, found, totals }).toEqual({
            q,
            order,
            pageSize,
            found: inOrder,
            totals: [want.length],
          });
        }
      }
    }
  });
});

describe('search past the last page', () => {
  // A page far past the last: no patient on it, and still the exact total.
  it('answers no patients and the exact total on the last page there is', async () => {
    for (let i = 1; i <= 14; i++) await createPatient(t, clinic.clinician, { uniqueId: `far-${i}` });
    const res = await t.app.inject({
      url: '/api/patients?q=far&page=1000000&pageSize=100',
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 14, page: 1_000_000 });
  });
});

describe('search of a word whose patients were all modified long ago', () => {
  // A one-word search's first page may walk the last-modified order until it has a page of matches;
  // here every match sits at the far end of that order, or at its start, by the order asked.
  it('still answers the newest of them first, with the total', async () => {
    const other = await seedAccount(t, 'Walk Far Clinic');
    for (let i = 1; i <= 8; i++) {
      await createPatient(t, other.clinician, { uniqueId: `old-${i}`, lastName: 'Zed' });
      t.clock.advance(1000);
    }
    for (let i = 1; i <= 24; i++) {
      await createPatient(t, other.clinician, { uniqueId: `new-${i}`, lastName: 'Young' });
      t.clock.advance(1000);
    }
    for (const [order, first] of [
      ['desc', 'old-8'],
      ['asc', 'old-1'],
    ]) {
      const res = await t.app.inject({
        url: `/api/patients?q=zed&sort=lastModified&order=${order}&pageSize=1`,
        headers: other.clinician.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: PatientJson[]; total: number };
      expect({ order, ids: body.items.map((p) => p.uniqueId), total: body.total }).toEqual({
        order,
        ids: [first],
        total: 8,
      });
    }
  });
});
