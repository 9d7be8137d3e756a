import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInjected } from '../testing/fhir-valid.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { seedRecords } from '../testing/lifecycle.ts';
import { SYSTEM } from './systems.ts';

// FHIR search: every parameter filters or is refused; comma lists, modifiers, comparators,
// _sort, _summary, _include/_revinclude and POST _search.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let user: TestUser;
const pid: Record<string, string> = {};

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/fhir/R4/${url}`, headers: { ...user.headers, ...headers } });
type Entry = { resource: { id: string; resourceType: string }; search: { mode: string } };
const found = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().entry ?? []) as Entry[];
};
/** The unique IDs (Patient) or ids (other types) a search matched, in order. */
const uids = async (query: string) =>
  (await found(`Patient?${query}`)).map(
    (e) => (e.resource as unknown as { identifier: { value: string }[] }).identifier[0]?.value,
  );
const post = (url: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: `/fhir/R4/${url}`,
    headers: { ...user.headers, 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(payload),
  });

async function patient(uniqueId: string, fields: object, key = uniqueId) {
  const res = await post('Patient', {
    resourceType: 'Patient',
    identifier: [{ system: SYSTEM.uniqueId, value: uniqueId }],
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  pid[key] = res.json().id;
}

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  clinic = await seedAccount(t, 'Search Clinic');
  other = await seedAccount(t, 'Other Search Clinic');
  user = clinic.clinician;
  await patient('sx-1', {
    name: [{ family: 'Schmidt', given: ['Anna', 'Maria'] }],
    birthDate: '1970-05-01',
    gender: 'female',
    telecom: [
      { system: 'email', value: 'anna@example.org' },
      { system: 'phone', value: '+49 30 1234' },
    ],
  });
  await patient('sx-2', {
    name: [{ family: 'Schmidtke', given: ['Bob'] }],
    birthDate: '1980-06-15',
    gender: 'male',
  });
  await patient('sx-3', {
    name: [{ family: 'Meyer', given: ['Carla'] }],
    birthDate: '1990-01-31',
    gender: 'female',
  });
  await patient('sx-4', {});
  // Same names in another account: never found here.
  user = other.clinician;
  await patient('sx-1', { name: [{ family: 'Schmidt' }] }, 'other-sx-1');
  user = clinic.clinician;
});
afterAll(() => t?.close());

describe('FHIR search filters or refuses', () => {
  it('refuses unknown parameters, modifiers, comparators, sorts and includes by default, naming them', async () => {
    for (const [query, named] of [
      ['Patient?foo=bar', 'foo'],
      ['Patient?name:fuzzy=x', ':fuzzy'],
      ['Patient?birthdate=xx1980', 'xx1980'],
      ['Patient?_sort=gender', 'gender'],
      ['Patient?_include=Encounter:patient', 'Encounter:patient'],
      ['Patient?_summary=true', '_summary=true'],
      ['Patient?general-practitioner=x', 'general-practitioner'],
      ['Encounter?status=finished', 'status'],
      ['Consent?_id=x', '_id'],
    ]) {
      const res = await get(query as string, { prefer: 'handling=strict' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().resourceType).toBe('OperationOutcome');
      expect(res.json().issue[0].details.text).toContain(named);
    }
  });

  it('with Prefer: handling=lenient ignores what it does not apply and leaves it out of the self link', async () => {
    const res = await get('Patient?name=schmidt&foo=bar&name:fuzzy=x', { prefer: 'handling=lenient' });
    expect(res.statusCode).toBe(200);
    const self = decodeURIComponent(res.json().link[0].url);
    expect(self).toContain('name=schmidt');
    expect(self).not.toContain('foo');
    expect(self).not.toContain('fuzzy');
    expect(res.json().total).toBe(2);
  });

  it('_id, identifier and comma lists', async () => {
    expect(await uids(`_id=${pid['sx-3']}`)).toEqual(['sx-3']);
    expect(await uids(`_id=${pid['sx-3']},${pid['sx-1']}`)).toEqual(['sx-1', 'sx-3']);
    expect(await uids('_id=not-an-id')).toEqual([]);
    expect(await uids(`_id=${pid['other-sx-1']}`)).toEqual([]);
    expect(await uids('identifier=sx-1,SX-2')).toEqual(['sx-1', 'sx-2']);
    expect(await uids(`identifier=${encodeURIComponent(`${SYSTEM.uniqueId}|sx-3`)}`)).toEqual(['sx-3']);
    expect(await uids('identifier=http://other|sx-3')).toEqual([]);
  });

  it('name, family, given with :exact, :contains and :missing', async () => {
    expect(await uids('name=schmidt')).toEqual(['sx-1', 'sx-2']);
    expect(await uids('name:exact=Schmidt')).toEqual(['sx-1']);
    expect(await uids('name:exact=schmidt')).toEqual([]);
    expect(await uids('name:contains=midtk')).toEqual(['sx-2']);
    expect(await uids('name=maria')).toEqual(['sx-1']);
    expect(await uids('name=bob,carla')).toEqual(['sx-2', 'sx-3']);
    expect(await uids('family=meyer')).toEqual(['sx-3']);
    expect(await uids('given=anna&family=schmidt')).toEqual(['sx-1']);
    expect(await uids('given=meyer')).toEqual([]);
    expect(await uids('name:missing=true')).toEqual(['sx-4']);
    expect(await uids('name:missing=false')).toEqual(['sx-1', 'sx-2', 'sx-3']);
  });

  it('birthdate with partial dates, every comparator and comma lists', async () => {
    expect(await uids('birthdate=1980')).toEqual(['sx-2']);
    expect(await uids('birthdate=1980-06')).toEqual(['sx-2']);
    expect(await uids('birthdate=1970-05-01,1990-01-31')).toEqual(['sx-1', 'sx-3']);
    expect(await uids('birthdate=ge1980-06-15')).toEqual(['sx-2', 'sx-3']);
    expect(await uids('birthdate=gt1980-06-15')).toEqual(['sx-3']);
    expect(await uids('birthdate=le1980-06-15')).toEqual(['sx-1', 'sx-2']);
    expect(await uids('birthdate=lt1980-06-15')).toEqual(['sx-1']);
    expect(await uids('birthdate=ne1980-06-15')).toEqual(['sx-1', 'sx-3', 'sx-4']);
    expect(await uids('birthdate=sa1980')).toEqual(['sx-3']);
    expect(await uids('birthdate=eb1980')).toEqual(['sx-1']);
    expect(await uids('birthdate=ap1980-06-14')).toEqual(['sx-2']);
    expect(await uids('birthdate=ge1975&birthdate=lt1985')).toEqual(['sx-2']);
    expect(await uids('birthdate:missing=true')).toEqual(['sx-4']);
    expect((await get('Patient?birthdate=1980-02-30')).statusCode).toBe(400);
  });

  it('gender, email, phone, _lastUpdated', async () => {
    expect(await uids('gender=female')).toEqual(['sx-1', 'sx-3']);
    expect(await uids('gender=male,female')).toEqual(['sx-1', 'sx-2', 'sx-3']);
    expect(await uids('email=ANNA@example.org')).toEqual(['sx-1']);
    expect(await uids('phone=%2B49301234')).toEqual(['sx-1']);
    expect(await uids('gender:missing=true')).toEqual(['sx-4']);
    expect(await uids('_lastUpdated=ge2000-01-01')).toHaveLength(4);
    expect(await uids('_lastUpdated=lt2000-01-01')).toEqual([]);
  });

  it('_sort by names and dates, ascending and descending', async () => {
    expect(await uids('_sort=birthdate&birthdate:missing=false')).toEqual(['sx-1', 'sx-2', 'sx-3']);
    expect(await uids('_sort=-birthdate&birthdate:missing=false')).toEqual(['sx-3', 'sx-2', 'sx-1']);
    expect(await uids('_sort=family&name:missing=false')).toEqual(['sx-3', 'sx-1', 'sx-2']);
    expect(await uids('_sort=-given&name:missing=false')).toEqual(['sx-3', 'sx-2', 'sx-1']);
  });

  it('_summary=count and _count=0 answer the total alone', async () => {
    for (const q of ['name=schmidt&_summary=count', 'name=schmidt&_count=0']) {
      const bundle = (await get(`Patient?${q}`)).json();
      expect(bundle.total).toBe(2);
      expect(bundle.entry).toBeUndefined();
    }
  });

  it('POST [type]/_search takes the parameters as a form', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search?gender=female',
      headers: { ...user.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=schmidt',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().entry.map((e: Entry) => e.resource.id)).toEqual([pid['sx-1']]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/_search',
      headers: { ...user.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'colour=red',
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('Encounter, Media and Consent search', () => {
  let recs: Awaited<ReturnType<typeof seedRecords>>;
  let otherRecs: Awaited<ReturnType<typeof seedRecords>>;
  let tagId: string;

  beforeAll(async () => {
    recs = await seedRecords(t, user, 'sx-rec', { entries: 3, images: 2 });
    otherRecs = await seedRecords(t, user, 'sx-rec2', { entries: 1, images: 1 });
    // The first image sits in the second entry's workspace; the second entry carries a tag.
    const category = await t.app.inject({
      method: 'POST',
      url: '/api/tag-categories',
      headers: clinic.admin.headers,
      payload: { name: 'Site', color: '#aa0000' },
    });
    const tag = await t.app.inject({
      method: 'POST',
      url: '/api/tags',
      headers: clinic.admin.headers,
      payload: { name: 'Face', categoryId: category.json().id },
    });
    tagId = tag.json().id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/entries/${recs.entryIds[1]}`,
      headers: user.headers,
      payload: { workspaceImageIds: [recs.imageIds[0]], tagIds: [tagId] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${recs.patient.id}/consents`,
      headers: user.headers,
      payload: { method: 'verbal' },
    });
  });

  const ids = async (url: string) => (await found(url)).map((e) => e.resource.id);

  it('Encounter by patient, subject, date comparators, _id, _tag, across patients', async () => {
    const [e1, e2, e3] = recs.entryIds;
    const p = recs.patient.id;
    expect(await ids(`Encounter?patient=${p}`)).toEqual([e1, e2, e3]);
    expect(await ids(`Encounter?subject=Patient/${p}`)).toEqual([e1, e2, e3]);
    expect(await ids(`Encounter?patient=${p},${otherRecs.patient.id}&_sort=-date`)).toHaveLength(4);
    expect(await ids(`Encounter?patient=${p}&date=ge2025-12-11`)).toEqual([e2, e3]);
    expect(await ids(`Encounter?patient=${p}&date=lt2025-12-11T10:00:00Z`)).toEqual([e1]);
    expect(await ids(`Encounter?patient=${p}&date=2025-12-10,2025-12-12`)).toEqual([e1, e3]);
    expect(await ids(`Encounter?patient=${p}&_sort=-date`)).toEqual([e3, e2, e1]);
    expect(await ids(`Encounter?_id=${e2}`)).toEqual([e2]);
    expect(await ids(`Encounter?_tag=${SYSTEM.tag}|${tagId}`)).toEqual([e2]);
    expect(await ids('Encounter?patient=Observation/x')).toEqual([]);
  });

  it('_include=Encounter:patient adds each patient once', async () => {
    const entries = await found(`Encounter?patient=${recs.patient.id}&_include=Encounter:patient`);
    expect(entries.map((e) => [e.resource.resourceType, e.search.mode])).toEqual([
      ['Encounter', 'match'],
      ['Encounter', 'match'],
      ['Encounter', 'match'],
      ['Patient', 'include'],
    ]);
  });

  it('Media by patient, encounter, created, _id; _include=Media:encounter; _revinclude=Media:patient', async () => {
    const p = recs.patient.id;
    expect((await ids(`Media?patient=${p}`)).sort()).toEqual([...recs.imageIds].sort());
    expect(await ids(`Media?encounter=Encounter/${recs.entryIds[1]}`)).toEqual([recs.imageIds[0]]);
    expect(await ids(`Media?encounter=${recs.entryIds[0]}`)).toEqual([]);
    expect(await ids(`Media?_id=${recs.imageIds[1]}`)).toEqual([recs.imageIds[1]]);
    expect(await ids(`Media?patient=${p}&created=ge2000`)).toHaveLength(2);
    expect(await ids(`Media?patient=${p}&created=lt2000`)).toEqual([]);
    const inc = await found(`Media?patient=${p}&_include=Media:encounter`);
    expect(inc.filter((e) => e.search.mode === 'include').map((e) => e.resource.id)).toEqual([
      recs.entryIds[1],
    ]);
    const rev = await found(`Patient?_id=${p}&_revinclude=Media:patient`);
    expect(rev.map((e) => e.resource.resourceType).sort()).toEqual(['Media', 'Media', 'Patient']);
  });

  it('Consent by patient and status', async () => {
    const p = recs.patient.id;
    expect(await ids(`Consent?patient=${p}&status=active`)).toHaveLength(1);
    expect(await ids(`Consent?patient=${p}&status=inactive`)).toEqual([]);
    expect(await ids(`Consent?patient=${otherRecs.patient.id}`)).toEqual([]);
  });

  it('the CapabilityStatement lists exactly the parameters, includes and sorts served', async () => {
    const rest = (await get('metadata')).json().rest[0];
    const of = (type: string) => rest.resource.find((r: { type: string }) => r.type === type);
    const names = (type: string) => of(type).searchParam.map((p: { name: string }) => p.name);
    expect(names('Patient')).toEqual([
      '_id',
      '_lastUpdated',
      'identifier',
      'name',
      'family',
      'given',
      'birthdate',
      'gender',
      'email',
      'phone',
      '_tag',
      '_count',
      '_summary',
      '_sort',
    ]);
    expect(names('Encounter')).toEqual([
      '_id',
      '_lastUpdated',
      'patient',
      'subject',
      'date',
      '_tag',
      '_count',
      '_summary',
      '_sort',
    ]);
    expect(names('Media')).toEqual([
      '_id',
      '_lastUpdated',
      'patient',
      'subject',
      'encounter',
      'created',
      '_tag',
      '_count',
      '_summary',
      '_sort',
    ]);
    expect(names('Consent')).toEqual(['patient', 'status', '_count', '_summary']);
    expect(of('Patient').searchRevInclude).toEqual(['Media:patient']);
    expect(of('Encounter').searchInclude).toEqual(['Encounter:patient']);
    expect(of('Media').searchInclude).toEqual(['Media:encounter']);
  });
});
