import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  createPatient,
  type PatientJson,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// PRODUCT.md §3: tags on patients (tagIds, effectiveTagIds), the tag filter of the patient
// database (all-of / any-of), and what deleting a tag does to both.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
const tag: Record<'acne' | 'face' | 'laser' | 'theirs', string> = {
  acne: '',
  face: '',
  laser: '',
  theirs: '',
};

async function makeTag(admin: TestUser, name: string) {
  const cat = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: admin.headers,
    payload: { name: `${name} category`, color: '#1e88e5' },
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/tags',
    headers: admin.headers,
    payload: { name, categoryId: cat.json().id },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Skin Clinic');
  other = await seedAccount(t, 'Other Clinic');
  tag.acne = await makeTag(clinic.admin, 'Acne');
  tag.face = await makeTag(clinic.admin, 'Face');
  tag.laser = await makeTag(clinic.admin, 'Laser');
  tag.theirs = await makeTag(other.admin, 'Acne');
});
afterAll(() => t?.close());

const sorted = (...ids: string[]) => [...ids].sort();
const patch = (id: string, payload: object, user: TestUser = clinic.clinician) =>
  t.app.inject({ method: 'PATCH', url: `/api/patients/${id}`, headers: user.headers, payload });
const get = async (id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: clinic.clinician.headers })
  ).json();

describe('tags on patients', () => {
  it('assigns tags on create: tagIds and effectiveTagIds both hold them', async () => {
    const p = await createPatient(t, clinic.assistant, { uniqueId: 'tag-1', tagIds: [tag.face, tag.acne] });
    expect(p.tagIds).toEqual(sorted(tag.acne, tag.face));
    expect(p.effectiveTagIds).toEqual(sorted(tag.acne, tag.face));
  });

  it('collapses a tag given twice', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'tag-2', tagIds: [tag.acne, tag.acne] });
    expect(p.tagIds).toEqual([tag.acne]);
  });

  it('replaces the tags on PATCH, as a new version; an assistant may do it', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'tag-3', tagIds: [tag.acne] });
    const res = await patch(p.id, { tagIds: [tag.face, tag.laser] }, clinic.assistant);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      tagIds: sorted(tag.face, tag.laser),
      effectiveTagIds: sorted(tag.face, tag.laser),
    });
  });

  it('keeps the tags when PATCH leaves tagIds out, and clears them with []', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'tag-4', tagIds: [tag.acne] });
    expect((await patch(p.id, { note: 'x' })).json().tagIds).toEqual([tag.acne]);
    const cleared = (await patch(p.id, { tagIds: [] })).json();
    expect(cleared).toMatchObject({ tagIds: [], effectiveTagIds: [] });
  });

  it.each([
    ['an unknown tag id', () => randomUUID()],
    ['a tag id that is not a UUID', () => 'acne'],
    ["another account's tag id", () => tag.theirs],
  ])('refuses %s on create with 422 naming tagIds', async (_what, id) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: clinic.clinician.headers,
      payload: { uniqueId: 'tag-bad', tagIds: [tag.acne, id()] },
    });
    expectInvalidFields(res, ['tagIds']);
  });

  it("refuses another account's tag on PATCH with 422 and keeps the patient unchanged", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'tag-5', tagIds: [tag.acne] });
    expectInvalidFields(await patch(p.id, { tagIds: [tag.theirs] }), ['tagIds']);
    expectInvalidFields(await patch(p.id, { tagIds: [randomUUID()] }), ['tagIds']);
    expect(await get(p.id)).toMatchObject({ version: 1, tagIds: [tag.acne] });
  });
});

describe('patient database: tag filter', () => {
  // Four patients: f-ab has tags A and B, f-a has A, f-bc has B and C, f-none has none.
  const ft = { a: '', b: '', c: '' };
  const P: Record<'ab' | 'a' | 'bc' | 'none', PatientJson | undefined> = {
    ab: undefined,
    a: undefined,
    bc: undefined,
    none: undefined,
  };
  beforeAll(async () => {
    ft.a = await makeTag(clinic.admin, 'Filter A');
    ft.b = await makeTag(clinic.admin, 'Filter B');
    ft.c = await makeTag(clinic.admin, 'Filter C');
    P.ab = await createPatient(t, clinic.clinician, { uniqueId: 'f-ab', tagIds: [ft.a, ft.b] });
    P.a = await createPatient(t, clinic.clinician, { uniqueId: 'f-a', tagIds: [ft.a] });
    P.bc = await createPatient(t, clinic.clinician, { uniqueId: 'f-bc', tagIds: [ft.b, ft.c] });
    P.none = await createPatient(t, clinic.clinician, { uniqueId: 'f-none' });
  });

  async function ids(query: string, user: TestUser = clinic.clinician) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/patients?q=f-&sort=uniqueId&order=asc&${query}`,
      headers: user.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((p: PatientJson) => p.uniqueId) as string[];
  }

  it('with tagMode=all keeps patients that have every tag', async () => {
    expect(await ids(`tags=${ft.a},${ft.b}&tagMode=all`)).toEqual(['f-ab']);
    expect(await ids(`tags=${ft.b}&tagMode=all`)).toEqual(['f-ab', 'f-bc']);
  });

  it('uses all-of by default', async () => {
    expect(await ids(`tags=${ft.a},${ft.b}`)).toEqual(['f-ab']);
    expect(await ids(`tags=${ft.a},${ft.c}`)).toEqual([]);
  });

  it('with tagMode=any keeps patients that have at least one of the tags', async () => {
    expect(await ids(`tags=${ft.a},${ft.c}&tagMode=any`)).toEqual(['f-a', 'f-ab', 'f-bc']);
  });

  it('counts the filtered total', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/patients?tags=${ft.b}&pageSize=1`,
      headers: clinic.clinician.headers,
    });
    expect(res.json()).toMatchObject({ total: 2, pageSize: 1 });
    expect(res.json().items).toHaveLength(1);
  });

  it("finds nothing with an unknown tag or another account's tag", async () => {
    expect(await ids(`tags=${randomUUID()}&tagMode=any`)).toEqual([]);
    expect(await ids(`tags=${tag.theirs}&tagMode=any`)).toEqual([]);
  });

  it('refuses a tag id that is not a UUID with 422 naming tags', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/patients?tags=acne',
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(res, ['tags']);
  });

  it('refuses an unknown tagMode with 422', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/patients?tags=${ft.a}&tagMode=some`,
      headers: clinic.clinician.headers,
    });
    expectInvalidFields(res, ['tagMode']);
  });

  it('deleting a tag takes it off every patient and out of the filter', async () => {
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/tags/${ft.b}`, headers: clinic.admin.headers }))
        .statusCode,
    ).toBe(204);
    expect(await get(P.ab?.id ?? '')).toMatchObject({ tagIds: [ft.a], effectiveTagIds: [ft.a] });
    expect(await get(P.bc?.id ?? '')).toMatchObject({ tagIds: [ft.c], effectiveTagIds: [ft.c] });
    expect(await ids(`tags=${ft.b}&tagMode=any`)).toEqual([]);
    expect(await ids(`tags=${ft.a},${ft.b}&tagMode=any`)).toEqual(['f-a', 'f-ab']);
  });

  it('refuses the deleted tag on new assignments with 422', async () => {
    expectInvalidFields(await patch(P.none?.id ?? '', { tagIds: [ft.b] }), ['tagIds']);
  });

  it('a clinician may not delete a tag (403) and the patients keep it', async () => {
    expectError(
      await t.app.inject({ method: 'DELETE', url: `/api/tags/${ft.a}`, headers: clinic.clinician.headers }),
      403,
      'forbidden',
    );
    expect(await ids(`tags=${ft.a}`)).toEqual(['f-a', 'f-ab']);
  });
});
