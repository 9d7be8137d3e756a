import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// An upload aimed at a lesion: the form's lesionId and modality fields apply to every new image,
// and a lesion the images may not show refuses the batch before a file is stored.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Upload Lesion Clinic');
  other = await seedAccount(t, 'Other Upload Lesion Clinic');
});
afterAll(() => t?.close());

const site = { view: 'back', x: 0.22, y: 0.27 };

async function newLesion(patientId: string, headers = clinic.clinician.headers) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/lesions`,
    headers,
    payload: { site },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const files = async (n: number) =>
  Promise.all(
    Array.from({ length: n }, async (_, i) => ({ filename: `m${i}.jpg`, data: await makeJpeg(60 + i, 40) })),
  );

async function imageCount(patientId: string) {
  const res = await t.app.inject({
    url: `/api/patients/${patientId}/images`,
    headers: clinic.clinician.headers,
  });
  return res.json().total as number;
}

describe('upload aimed at a lesion', () => {
  it('links every new image to the lesion with the given modality, in its timeline and first version', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'upl-les-1' });
    const lesion = await newLesion(p.id);
    const res = await upload(t, clinic.clinician.headers, p.id, await files(2), {
      lesionId: lesion.id,
      modality: 'dermoscopic',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json().created as { id: string; lesionId: string; modality: string }[];
    expect(created.map((i) => [i.lesionId, i.modality])).toEqual([
      [lesion.id, 'dermoscopic'],
      [lesion.id, 'dermoscopic'],
    ]);
    const timeline = await t.app.inject({
      url: `/api/lesions/${lesion.id}/images`,
      headers: clinic.clinician.headers,
    });
    expect(timeline.json().total).toBe(2);
    const history = await t.app.inject({
      url: `/api/images/${created[0]?.id}/history`,
      headers: clinic.clinician.headers,
    });
    expect(history.json().items[0].data).toMatchObject({ lesionId: lesion.id, modality: 'dermoscopic' });
    const lesionNow = await t.app.inject({
      url: `/api/lesions/${lesion.id}`,
      headers: clinic.clinician.headers,
    });
    expect(lesionNow.json().imageCount).toBe(2);
    // Without the fields an upload is as before: clinical, no lesion.
    const plain = await upload(t, clinic.clinician.headers, p.id, await files(1));
    expect(plain.json().created[0]).toMatchObject({ lesionId: null, modality: 'clinical' });
  });

  it("refuses another patient's, another account's or a deleted lesion, storing nothing", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'upl-les-2' });
    const q = await createPatient(t, clinic.clinician, { uniqueId: 'upl-les-3' });
    const theirs = await createPatient(t, other.clinician, { uniqueId: 'upl-les-4' });
    const ofQ = await newLesion(q.id);
    const foreign = await newLesion(theirs.id, other.clinician.headers);
    const gone = await newLesion(p.id);
    await t.database.db.execute(sql`update lesions set deleted_at = ${t.clock.now()} where id = ${gone.id}`);
    const cases: [string, string][] = [
      [ofQ.id, 'lesion_of_other_patient'],
      [foreign.id, 'unknown_lesion'],
      [gone.id, 'unknown_lesion'],
      ['5b0c7c9e-0000-4000-8000-000000000000', 'unknown_lesion'],
    ];
    for (const [lesionId, code] of cases) {
      const res = await upload(t, clinic.clinician.headers, p.id, await files(2), { lesionId });
      expect([res.statusCode, res.json().error.code], lesionId).toEqual([422, code]);
      expect(res.json().error.details.fields).toHaveProperty('lesionId');
    }
    expect(await imageCount(p.id)).toBe(0);
  });

  it('refuses a bad modality, an unknown field and a field after the files', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'upl-les-5' });
    const lesion = await newLesion(p.id);
    const bad = await upload(t, clinic.clinician.headers, p.id, await files(1), { modality: 'xray' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'invalid_input']);
    expect(Object.keys(bad.json().error.details.fields)).toEqual(['modality']);
    const notUuid = await upload(t, clinic.clinician.headers, p.id, await files(1), { lesionId: 'L1' });
    expect(Object.keys(notUuid.json().error.details.fields)).toEqual(['lesionId']);
    const unknown = await upload(t, clinic.clinician.headers, p.id, await files(1), { caption: 'x' });
    expect([unknown.statusCode, unknown.json().error.details.fields]).toEqual([
      422,
      { caption: 'Unknown field.' },
    ]);
    expect(await imageCount(p.id)).toBe(0);

    // The fields must come first: one after a file is refused.
    const boundary = '----vellumlate';
    const data = await makeJpeg(50, 40);
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      data,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="lesionId"\r\n\r\n${lesion.id}\r\n`,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/images`,
      headers: { ...clinic.clinician.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect([late.statusCode, late.json().error.code]).toEqual([400, 'field_after_files']);
  });
});
