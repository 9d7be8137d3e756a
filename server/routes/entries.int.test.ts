import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Entry Clinic');
  other = await seedAccount(t, 'Other Entry Clinic');
});
afterAll(() => t?.close());

const get = (url: string, headers = clinic.clinician.headers) => t.app.inject({ url, headers });
const patch = (url: string, payload: unknown, headers: Record<string, string> = clinic.clinician.headers) =>
  t.app.inject({ method: 'PATCH', url, headers, payload: payload as Record<string, unknown> });

async function patientWithImages(uniqueId: string, n: number) {
  const p = await createPatient(t, clinic.clinician, { uniqueId });
  const files = await Promise.all(Array.from({ length: n }, (_, i) => makeJpeg(200 + i, 100)));
  const res = await upload(
    t,
    clinic.clinician.headers,
    p.id,
    files.map((data, i) => ({ filename: `i${i}.jpg`, data })),
  );
  return { patient: p, imageIds: res.json().created.map((i: { id: string }) => i.id) as string[] };
}

async function newEntry(patientId: string, appointmentAt = '2026-01-10T10:00:00Z') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/entries`,
    headers: clinic.clinician.headers,
    payload: { appointmentAt, notes: 'first visit' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('entries', () => {
  it('creates an entry with its physician and keeps the patient counts and last appointment current', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'ent-1' });
    const e1 = await newEntry(p.id, '2026-01-10T10:00:00Z');
    expect(e1).toMatchObject({
      version: 1,
      physicianId: clinic.clinician.id,
      notes: 'first visit',
      workspaceImageIds: [],
    });
    await newEntry(p.id, '2026-03-05T09:30:00Z');
    const patient = (await get(`/api/patients/${p.id}`)).json();
    expect(patient.entryCount).toBe(2);
    expect(patient.lastAppointmentAt).toBe('2026-03-05T09:30:00.000Z');
    await patch(`/api/entries/${e1.id}`, { appointmentAt: '2026-06-01T08:00:00Z' });
    expect((await get(`/api/patients/${p.id}`)).json().lastAppointmentAt).toBe('2026-06-01T08:00:00.000Z');
    const list = (await get(`/api/patients/${p.id}/entries`)).json();
    expect(list.total).toBe(2);
  });

  it('builds a workspace from the pool and comparison groups of 2 to 4 workspace images', async () => {
    const { patient, imageIds } = await patientWithImages('ent-ws', 5);
    const e = await newEntry(patient.id);
    const ok = await patch(`/api/entries/${e.id}`, {
      workspaceImageIds: imageIds.slice(0, 4),
      comparisons: [{ name: 'Before / after', imageIds: imageIds.slice(0, 2) }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().workspaceImageIds).toEqual(imageIds.slice(0, 4));
    expect(ok.json().comparisons).toEqual([
      { id: expect.any(String), name: 'Before / after', imageIds: imageIds.slice(0, 2) },
    ]);
    expect(ok.json().version).toBe(2);

    const one = await patch(`/api/entries/${e.id}`, {
      comparisons: [{ name: 'x', imageIds: imageIds.slice(0, 1) }],
    });
    expect(one.statusCode).toBe(422);
    const five = await patch(`/api/entries/${e.id}`, { comparisons: [{ name: 'x', imageIds }] });
    expect(five.statusCode).toBe(422);
    const outside = await patch(`/api/entries/${e.id}`, {
      comparisons: [{ name: 'x', imageIds: [imageIds[0], imageIds[4]] }],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message).toMatch(/workspace/);
    expect((await get(`/api/entries/${e.id}`)).json().version).toBe(2);
  });

  it("refuses a workspace image from another patient's pool", async () => {
    const a = await patientWithImages('ent-a', 1);
    const b = await patientWithImages('ent-b', 1);
    const e = await newEntry(a.patient.id);
    const res = await patch(`/api/entries/${e.id}`, { workspaceImageIds: [b.imageIds[0]] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.fields.workspaceImageIds).toBeDefined();
  });

  it('lets one image sit in several workspaces', async () => {
    const { patient, imageIds } = await patientWithImages('ent-shared', 2);
    const e1 = await newEntry(patient.id);
    const e2 = await newEntry(patient.id);
    for (const e of [e1, e2])
      expect((await patch(`/api/entries/${e.id}`, { workspaceImageIds: imageIds })).statusCode).toBe(200);
  });

  it('inherits workspace image tags into the entry and the patient', async () => {
    const cat = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tag-categories',
        headers: clinic.admin.headers,
        payload: { name: 'Dx', color: '#00aa00' },
      })
    ).json();
    const mk = async (name: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/tags',
          headers: clinic.admin.headers,
          payload: { name, categoryId: cat.id },
        })
      ).json();
    const [imgTag, entryTag] = [await mk('Nevus'), await mk('Follow-up')];
    const { patient, imageIds } = await patientWithImages('ent-tags', 1);
    await patch(`/api/images/${imageIds[0]}`, { tagIds: [imgTag.id] });
    const e = await newEntry(patient.id);
    await patch(`/api/entries/${e.id}`, { workspaceImageIds: imageIds, tagIds: [entryTag.id] });
    const entry = (await get(`/api/entries/${e.id}`)).json();
    expect(entry.tagIds).toEqual([entryTag.id]);
    expect(entry.effectiveTagIds).toEqual([imgTag.id, entryTag.id].sort());
    const p = (await get(`/api/patients/${patient.id}`)).json();
    expect(p.effectiveTagIds).toEqual([imgTag.id, entryTag.id].sort());
    await patch(`/api/entries/${e.id}`, { tagIds: [] });
    expect((await get(`/api/patients/${patient.id}`)).json().effectiveTagIds).toEqual([imgTag.id]);
  });

  it('remembers open sections without making a version, and keeps If-Match and history', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'ent-sections' });
    const e = await newEntry(p.id);
    const s = await patch(`/api/entries/${e.id}`, { sections: { workspace: false } });
    expect(s.json()).toMatchObject({
      version: 1,
      sections: { workspace: false, comparisons: true, tagsNotes: true },
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/entries/${e.id}`,
      headers: { ...clinic.clinician.headers, 'if-match': 'W/"7"' },
      payload: { notes: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    await patch(`/api/entries/${e.id}`, { notes: 'second' });
    const history = (await get(`/api/entries/${e.id}/history`)).json();
    expect(
      history.items.map((v: { version: number; data: { notes: string } }) => [v.version, v.data.notes]),
    ).toEqual([
      [2, 'second'],
      [1, 'first visit'],
    ]);
    expect(history.items.map((v: { changedByEmail: string | null }) => v.changedByEmail)).toEqual([
      clinic.clinician.email,
      clinic.clinician.email,
    ]);
    expect((await get(`/api/entries/${e.id}/history/1`)).json().changedByEmail).toBe(clinic.clinician.email);
  });

  it('answers an empty change with the entry as it is, writing nothing', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'ent-empty' });
    const e = await newEntry(p.id);
    const res = await patch(`/api/entries/${e.id}`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual((await get(`/api/entries/${e.id}`)).json());
    expect(res.json().version).toBe(1);
    expect((await get(`/api/entries/${e.id}/history`)).json().items).toHaveLength(1);
  });

  it('answers each change with the entry exactly as reading it afterwards shows it', async () => {
    const { patient, imageIds } = await patientWithImages('e-answer', 3);
    const e = await newEntry(patient.id);
    const admin = (url: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, headers: clinic.admin.headers, payload });
    const cat = (await admin('/api/tag-categories', { name: 'Answers', color: '#aa0000' })).json();
    const tag = (await admin('/api/tags', { name: 'Answer tag', categoryId: cat.id })).json();
    // An image tag flows into the entry's effective tags through the workspace.
    expect((await patch(`/api/images/${imageIds[2]}`, { tagIds: [tag.id] })).statusCode).toBe(200);
    const changes: Record<string, unknown>[] = [
      { workspaceImageIds: imageIds },
      { comparisons: [{ name: 'Before/after', imageIds: imageIds.slice(0, 2) }] },
      { notes: 'second look' },
      { appointmentAt: '2026-02-01T09:30:00Z' },
      { sections: { workspace: false } },
      { tagIds: [tag.id] },
      { workspaceImageIds: imageIds.slice(0, 2) },
      { notes: 'after the workspace shrank' },
    ];
    for (const change of changes) {
      const res = await patch(`/api/entries/${e.id}`, change);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual((await get(`/api/entries/${e.id}`)).json());
    }
  });

  it("answers 404 for another account's entries", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'ent-private' });
    const e = await newEntry(p.id);
    expect((await get(`/api/entries/${e.id}`, other.clinician.headers)).statusCode).toBe(404);
    expect((await patch(`/api/entries/${e.id}`, { notes: 'x' }, other.clinician.headers)).statusCode).toBe(
      404,
    );
    const create = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/entries`,
      headers: other.clinician.headers,
      payload: { appointmentAt: '2026-01-01T00:00:00Z' },
    });
    expect(create.statusCode).toBe(404);
  });

  it('makes a PDF report with the comparison groups', async () => {
    const { patient, imageIds } = await patientWithImages('ent-report', 2);
    const e = await newEntry(patient.id);
    await patch(`/api/entries/${e.id}`, {
      workspaceImageIds: imageIds,
      comparisons: [{ name: 'Compare', imageIds }],
    });
    const res = await get(`/api/patients/${patient.id}/report.pdf?entryId=${e.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = (await get(`/api/audit?patientId=${patient.id}&action=report.create`)).json();
    expect(audit.total).toBe(1);
  });
});
