import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Lesion Clinic');
  other = await seedAccount(t, 'Other Lesion Clinic');
});
afterAll(() => t?.close());

type Headers = Record<string, string>;
const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers?: Headers) =>
  t.app.inject({
    method,
    url,
    headers: headers ?? clinic.clinician.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

/** The left upper arm seen from the back: the viewer's left half is the patient's left there. */
const leftUpperArmFromBehind = { view: 'back', x: 0.22, y: 0.27 };

async function newLesion(patientId: string, body: Record<string, unknown> = {}, headers?: Headers) {
  const res = await req(
    'POST',
    `/api/patients/${patientId}/lesions`,
    { site: leftUpperArmFromBehind, ...body },
    headers,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function uploadOne(patientId: string, width: number, headers: Headers = clinic.clinician.headers) {
  const res = await upload(t, headers, patientId, [
    { filename: `p${width}.jpg`, data: await makeJpeg(width, 90) },
  ]);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().created[0] as { id: string };
}

describe('lesions', () => {
  it('places a lesion: region, side and site code come from the point; labels count on', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-1' });
    const l1 = await newLesion(p.id, { diagnosis: 'Compound naevus?' });
    expect(l1).toMatchObject({
      label: 'L1',
      status: 'monitoring',
      version: 1,
      imageCount: 0,
      diagnosis: 'Compound naevus?',
      site: { view: 'back', region: 'arm_left', side: 'left', code: '40983000', display: 'Upper arm' },
    });
    const l2 = await newLesion(p.id, { site: { view: 'front', x: 0.4, y: 0.26, code: '76752008' } });
    expect(l2).toMatchObject({
      label: 'L2',
      site: { region: 'trunk_front', side: 'right', display: 'Breast' },
    });
    const list = (await req('GET', `/api/patients/${p.id}/lesions`)).json();
    expect(list.items.map((l: { label: string }) => l.label)).toEqual(['L1', 'L2']);
  });

  it('refuses a site off the map, a code of another region or an unknown status, storing nothing', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-2' });
    const cases: [unknown, string][] = [
      [{ site: { view: 'front', x: 0.02, y: 0.02 } }, 'site_outside_map'],
      [{ site: { view: 'front', x: 1.5, y: 0.5 } }, 'invalid_input'],
      [{ site: { view: 'side', x: 0.5, y: 0.5 } }, 'invalid_input'],
      [{ site: { ...leftUpperArmFromBehind, code: '56459004' } }, 'site_code_mismatch'],
      [{ site: { ...leftUpperArmFromBehind, code: '123456789' } }, 'site_code_mismatch'],
      [{ site: leftUpperArmFromBehind, status: 'gone' }, 'invalid_input'],
    ];
    for (const [body, code] of cases) {
      const res = await req('POST', `/api/patients/${p.id}/lesions`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe(code);
    }
    expect((await req('GET', `/api/patients/${p.id}/lesions`)).json().total).toBe(0);
  });

  it('keeps other accounts out: their patients and lesions are not found', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-3' });
    const lesion = await newLesion(p.id);
    const theirs = other.clinician.headers;
    expect((await req('GET', `/api/lesions/${lesion.id}`, undefined, theirs)).statusCode).toBe(404);
    expect((await req('PATCH', `/api/lesions/${lesion.id}`, { status: 'resolved' }, theirs)).statusCode).toBe(
      404,
    );
    expect((await req('GET', `/api/lesions/${lesion.id}/images`, undefined, theirs)).statusCode).toBe(404);
    const create = await req(
      'POST',
      `/api/patients/${p.id}/lesions`,
      { site: leftUpperArmFromBehind },
      theirs,
    );
    expect(create.statusCode).toBe(404);
    expect((await req('GET', `/api/lesions/${lesion.id}`)).json().version).toBe(1);
  });

  it('changes status, diagnosis and site with versions, and refuses a stale If-Match', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-4' });
    const lesion = await newLesion(p.id);
    const moved = await req('PATCH', `/api/lesions/${lesion.id}`, {
      status: 'biopsied',
      site: { view: 'front', x: 0.42, y: 0.62 },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      version: 2,
      status: 'biopsied',
      site: { region: 'leg_right', side: 'right', display: 'Thigh' },
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/lesions/${lesion.id}`,
      headers: { ...clinic.clinician.headers, 'if-match': '"1"' },
      payload: { status: 'excised' },
    });
    expect(stale.statusCode).toBe(412);
    const bad = await req('PATCH', `/api/lesions/${lesion.id}`, { site: { view: 'back', x: 0.5, y: 0.99 } });
    expect(bad.json().error.code).toBe('site_outside_map');
    expect((await req('GET', `/api/lesions/${lesion.id}`)).json()).toMatchObject({
      version: 2,
      status: 'biopsied',
    });
  });

  it('links images of the same patient with their modality and shows them in capture order with visit dates', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-5' });
    const lesion = await newLesion(p.id);
    const first = await uploadOne(p.id, 300);
    t.clock.advance(180 * 24 * 3600_000);
    const second = await uploadOne(p.id, 301);
    for (const [image, modality] of [
      [second, 'dermoscopic'],
      [first, 'dermoscopic'],
    ] as const) {
      const res = await req('PATCH', `/api/images/${image.id}`, { lesionId: lesion.id, modality });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ lesionId: lesion.id, modality });
    }
    const entry = await req('POST', `/api/patients/${p.id}/entries`, {
      appointmentAt: '2026-02-01T09:00:00Z',
    });
    await req('PATCH', `/api/entries/${entry.json().id}`, { workspaceImageIds: [first.id] });
    const timeline = (await req('GET', `/api/lesions/${lesion.id}/images`)).json();
    expect(timeline.items.map((i: { image: { id: string } }) => i.image.id)).toEqual([first.id, second.id]);
    expect(timeline.items[0]).toMatchObject({
      entryId: entry.json().id,
      entryDate: '2026-02-01T09:00:00.000Z',
    });
    expect(timeline.items[1].entryId).toBeNull();
    expect((await req('GET', `/api/lesions/${lesion.id}`)).json().imageCount).toBe(2);
    const unlinked = await req('PATCH', `/api/images/${second.id}`, { lesionId: null });
    expect(unlinked.json().lesionId).toBeNull();
    expect((await req('GET', `/api/lesions/${lesion.id}`)).json().imageCount).toBe(1);
  });

  it("refuses to link another patient's lesion, another account's lesion or a modality it does not know", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-6' });
    const q = await createPatient(t, clinic.clinician, { uniqueId: 'les-7' });
    const image = await uploadOne(p.id, 302);
    const lesionOfQ = await newLesion(q.id);
    const theirPatient = await createPatient(t, other.clinician, { uniqueId: 'les-8' });
    const theirLesion = await newLesion(theirPatient.id, {}, other.clinician.headers);
    const cases: [unknown, string][] = [
      [{ lesionId: lesionOfQ.id }, 'lesion_of_other_patient'],
      [{ lesionId: theirLesion.id }, 'unknown_lesion'],
      [{ lesionId: 'not-a-lesion' }, 'unknown_lesion'],
      [{ modality: 'xray' }, 'invalid_input'],
    ];
    for (const [body, code] of cases) {
      const res = await req('PATCH', `/api/images/${image.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe(code);
    }
    const after = (await req('GET', `/api/images/${image.id}`)).json();
    expect(after).toMatchObject({ version: 1, lesionId: null, modality: 'clinical' });
  });

  it('filters the patient database by lesion region and status, one lesion meeting both', async () => {
    const back = { view: 'back', x: 0.45, y: 0.3 };
    const face = { view: 'front', x: 0.5, y: 0.08 };
    const both = await createPatient(t, clinic.clinician, { uniqueId: 'lesf-1' });
    await newLesion(both.id, { site: back, status: 'monitoring' });
    const split = await createPatient(t, clinic.clinician, { uniqueId: 'lesf-2' });
    await newLesion(split.id, { site: back, status: 'excised' });
    await newLesion(split.id, { site: face, status: 'monitoring' });
    const none = await createPatient(t, clinic.clinician, { uniqueId: 'lesf-3' });
    const theirs = await createPatient(t, other.clinician, { uniqueId: 'lesf-4' });
    await newLesion(theirs.id, { site: back, status: 'monitoring' }, other.clinician.headers);
    const ids = async (query: string) => {
      const res = await req('GET', `/api/patients?q=lesf&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.total).toBe(body.items.length);
      return body.items.map((p: { id: string }) => p.id).sort();
    };
    expect(await ids('lesionRegion=trunk_back&lesionStatus=monitoring')).toEqual([both.id]);
    expect(await ids('lesionRegion=trunk_back')).toEqual([both.id, split.id].sort());
    expect(await ids('lesionStatus=monitoring,excised')).toEqual([both.id, split.id].sort());
    expect(await ids('lesionRegion=head_neck,trunk_back&lesionStatus=excised')).toEqual([split.id]);
    expect(await ids('lesionRegion=foot_left')).toEqual([]);
    expect(none.id).toBeTruthy();
    const bad = await req('GET', '/api/patients?lesionRegion=tail');
    expect(bad.statusCode).toBe(422);
  });

  it('goes with its patient when the patient is removed for good: no lesion, tag or version is left', async () => {
    const root = await createSuperAdmin(t, 'root-lesions@vellum.test');
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'les-x' });
    const lesion = await newLesion(p.id, { diagnosis: 'Basal cell carcinoma, excised' });
    const image = await uploadOne(p.id, 303);
    await req('PATCH', `/api/images/${image.id}`, { lesionId: lesion.id });
    await req('PATCH', `/api/lesions/${lesion.id}`, { status: 'excised' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/expunge?everything=true`,
      headers: root.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await req('GET', `/api/lesions/${lesion.id}`)).statusCode).toBe(404);
    const left = await t.database.db.execute(
      sql`select (select count(*) from lesions where id = ${lesion.id})::int as lesions,
        (select count(*) from record_versions where record_id = ${lesion.id})::int as versions`,
    );
    expect((left as unknown as { rows: unknown[] }).rows[0]).toEqual({ lesions: 0, versions: 0 });
  });
});
