import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Image Clinic');
  other = await seedAccount(t, 'Other Clinic');
});
afterAll(() => t?.close());

const filesOnDisk = () =>
  readdirSync(t.storage.root, { recursive: true }).filter((f) => String(f).includes('.')).length;

describe('image pool upload', () => {
  it('keeps the good files of a mixed batch and rejects each bad one with a reason', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-1' });
    const before = filesOnDisk();
    const jpeg = await makeJpeg();
    const res = await upload(t, clinic.assistant.headers, p.id, [
      { filename: 'good.jpg', data: jpeg },
      { filename: 'report.jpg', data: Buffer.from('%PDF-1.4 not an image') },
      {
        filename: 'drawing.svg',
        data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
      },
      { filename: 'archive.zip', data: Buffer.from('PK\u0003\u0004zip') },
      { filename: 'half.jpg', data: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
      { filename: '../../etc/evil.png', data: await makePng() },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.created.map((i: { filename: string }) => i.filename)).toEqual(['good.jpg', 'evil.png']);
    expect(body.rejected).toEqual([
      { filename: 'report.jpg', code: 'unsupported_type', message: expect.any(String) },
      { filename: 'drawing.svg', code: 'unsupported_type', message: expect.any(String) },
      { filename: 'archive.zip', code: 'unsupported_type', message: expect.any(String) },
      { filename: 'half.jpg', code: 'corrupt_image', message: expect.any(String) },
    ]);
    // Three files (original, preview, thumbnail) per stored image, none for the rejected ones.
    expect(filesOnDisk() - before).toBe(6);
    const patient = (
      await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(patient.imageCount).toBe(2);
  });

  it('rejects a file over 16 MB and keeps the rest', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-big' });
    // Rejections come in the batch's order, whichever check refused each file.
    const res = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'cut.jpg', data: (await makeJpeg(300, 200)).subarray(0, 400) },
      { filename: 'huge.jpg', data: Buffer.alloc(17 * 1024 * 1024, 1) },
      { filename: 'ok.jpg', data: await makeJpeg(100, 80) },
      { filename: 'ok2.jpg', data: await makeJpeg(120, 80) },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json().rejected).toEqual([
      { filename: 'cut.jpg', code: 'corrupt_image', message: expect.any(String) },
      { filename: 'huge.jpg', code: 'file_too_large', message: expect.any(String) },
    ]);
    expect(res.json().created.map((i: { filename: string }) => i.filename)).toEqual(['ok.jpg', 'ok2.jpg']);
  });

  it('stores the first 50 files of a batch and rejects each one beyond with too_many_files, in one 201', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-many' });
    const jpeg = await makeJpeg(16, 16);
    const files = Array.from({ length: 53 }, (_, i) => ({ filename: `f${i + 1}.jpg`, data: jpeg }));
    const res = await upload(t, clinic.clinician.headers, p.id, files);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created).toHaveLength(50);
    expect(res.json().rejected).toEqual(
      ['f51.jpg', 'f52.jpg', 'f53.jpg'].map((filename) => ({
        filename,
        code: 'too_many_files',
        message: expect.stringMatching(/50 files/),
      })),
    );
    const patient = (
      await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(patient.imageCount).toBe(50);
  });

  it('serves thumbnail, preview and original with their content types', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-files' });
    const created = (
      await upload(t, clinic.clinician.headers, p.id, [
        { filename: 'a.png', data: await makePng(2000, 1000) },
      ])
    ).json().created[0];
    for (const [size, type, width] of [
      ['thumbnail', 'image/jpeg', 320],
      ['preview', 'image/jpeg', 1600],
      ['original', 'image/png', 2000],
    ] as const) {
      const res = await t.app.inject({
        url: `/api/images/${created.id}/file?size=${size}`,
        headers: clinic.clinician.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect((await sharp(res.rawPayload).metadata()).width).toBe(width);
    }
  });

  it('changes caption and tags as new versions, and image tags reach the patient', async () => {
    const cat = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tag-categories',
        headers: clinic.admin.headers,
        payload: { name: 'Site', color: '#aa0000' },
      })
    ).json();
    const tag = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tags',
        headers: clinic.admin.headers,
        payload: { name: 'Face', categoryId: cat.id },
      })
    ).json();
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-tags' });
    const img = (
      await upload(t, clinic.clinician.headers, p.id, [{ filename: 'a.jpg', data: await makeJpeg() }])
    ).json().created[0];
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/images/${img.id}`,
      headers: { ...clinic.clinician.headers, 'if-match': 'W/"1"' },
      payload: { caption: 'Left cheek', tagIds: [tag.id] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ caption: 'Left cheek', tagIds: [tag.id], version: 2 });
    const patient = (
      await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(patient.tagIds).toEqual([]);
    expect(patient.effectiveTagIds).toEqual([tag.id]);
    const filtered = (
      await t.app.inject({ url: `/api/patients?tags=${tag.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    // Removing it from the image removes what it contributed.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/images/${img.id}`,
      headers: clinic.clinician.headers,
      payload: { tagIds: [] },
    });
    const after = (
      await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(after.effectiveTagIds).toEqual([]);
    const history = (
      await t.app.inject({ url: `/api/images/${img.id}/history`, headers: clinic.clinician.headers })
    ).json();
    expect(history.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(new Set(history.items.map((v: { changedByEmail: string | null }) => v.changedByEmail))).toEqual(
      new Set([clinic.clinician.email]),
    );
  });

  it("hides another account's images (404) and refuses uploads to its patients", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-private' });
    const img = (
      await upload(t, clinic.clinician.headers, p.id, [{ filename: 'a.jpg', data: await makeJpeg() }])
    ).json().created[0];
    expect(
      (await t.app.inject({ url: `/api/images/${img.id}`, headers: other.clinician.headers })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/images/${img.id}/file`, headers: other.clinician.headers }))
        .statusCode,
    ).toBe(404);
    const res = await upload(t, other.clinician.headers, p.id, [
      { filename: 'x.jpg', data: await makeJpeg() },
    ]);
    expect(res.statusCode).toBe(404);
  });

  it('lists the pool newest first with a day to group by', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'img-days' });
    await upload(t, clinic.clinician.headers, p.id, [{ filename: 'day1.jpg', data: await makeJpeg() }]);
    t.clock.advance(2 * 86_400_000);
    await upload(t, clinic.clinician.headers, p.id, [{ filename: 'day3.jpg', data: await makeJpeg() }]);
    const list = (
      await t.app.inject({ url: `/api/patients/${p.id}/images`, headers: clinic.assistant.headers })
    ).json();
    expect(list.items.map((i: { filename: string }) => i.filename)).toEqual(['day3.jpg', 'day1.jpg']);
    const [d3, d1] = list.items.map((i: { day: string }) => i.day);
    expect(new Date(d3).getTime() - new Date(d1).getTime()).toBe(2 * 86_400_000);
  });
});
