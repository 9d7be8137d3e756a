import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { deleteRecord, read, readPatient, restoreRecord, seedRecords } from '../testing/lifecycle.ts';

// PRODUCT.md §2, §3 and §6: deleting and recovering single entries and images, and how the
// patient's counts, last appointment, effective tags, workspaces and lists follow.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let entryTag: string;
let imageTag: string;

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
  return res.json().id as string;
}

const patch = (user: TestUser, url: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers: user.headers, payload });
const ids = (list: { id: string }[]) => list.map((i) => i.id);
const tagged = async (tagId: string) =>
  ids((await read(t, clinic.clinician, `/api/patients?tags=${tagId}&pageSize=100`)).json().items);

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Items Clinic');
  other = await seedAccount(t, 'Other Clinic');
  entryTag = await makeTag(clinic.admin, 'Follow-up');
  imageTag = await makeTag(clinic.admin, 'Dermoscopy');
});
afterAll(() => t?.close());

/** A patient with two entries (the later one tagged) and two images (one tagged, both in a comparison). */
async function tagged2x2(uniqueId: string) {
  const r = await seedRecords(t, clinic.clinician, uniqueId, { entries: 2, images: 2 });
  const [e1, e2] = r.entryIds as [string, string];
  const [i1, i2] = r.imageIds as [string, string];
  await patch(clinic.clinician, `/api/entries/${e2}`, { tagIds: [entryTag] });
  await patch(clinic.clinician, `/api/images/${i1}`, { tagIds: [imageTag] });
  const ws = await patch(clinic.clinician, `/api/entries/${e1}`, {
    workspaceImageIds: [i1, i2],
    comparisons: [{ name: 'before/after', imageIds: [i1, i2] }],
  });
  expect(ws.statusCode, ws.body).toBe(200);
  return { patientId: r.patient.id, e1, e2, i1, i2 };
}

describe('deleting and recovering an entry', () => {
  it('moves the counts, last appointment and effective tags, and back on recovery', async () => {
    const { patientId, e1, e2 } = await tagged2x2('ent-1');
    const before = await readPatient(t, clinic.clinician, patientId);
    expect(before).toMatchObject({ entryCount: 2, lastAppointmentAt: '2025-12-11T10:00:00.000Z' });
    expect(before.effectiveTagIds).toContain(entryTag);

    const res = await deleteRecord(t, clinic.clinician, 'entries', e2);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ deleted: { patients: 0, entries: 1, images: 0 }, policy: 'standard' });
    const after = await readPatient(t, clinic.clinician, patientId);
    expect(after).toMatchObject({ entryCount: 1, lastAppointmentAt: '2025-12-10T10:00:00.000Z' });
    expect(after.effectiveTagIds).not.toContain(entryTag);
    expect(await tagged(entryTag)).not.toContain(patientId);
    expect(ids((await read(t, clinic.clinician, `/api/patients/${patientId}/entries`)).json().items)).toEqual(
      [e1],
    );
    expect(
      await read(t, clinic.clinician, `/api/patients?maxEntries=1&q=ent-1`).then((r) => r.json().total),
    ).toBe(1);
    const gone = expectError(await read(t, clinic.clinician, `/api/entries/${e2}`), 410, 'deleted');
    expect(gone.details).toEqual({
      deletedAt: expect.any(String),
      deletedBy: clinic.clinician.id,
      deletedByEmail: clinic.clinician.email,
      expiresAt: res.json().expiresAt,
      held: false,
    });
    expectError(await patch(clinic.clinician, `/api/entries/${e2}`, { notes: 'x' }), 410, 'deleted');
    expectError(await deleteRecord(t, clinic.clinician, 'entries', e2), 410, 'deleted');

    const restored = await restoreRecord(t, clinic.clinician, 'entries', e2);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ id: e2, version: 4, tagIds: [entryTag] });
    const back = await readPatient(t, clinic.clinician, patientId);
    expect(back).toMatchObject({ entryCount: 2, lastAppointmentAt: '2025-12-11T10:00:00.000Z' });
    expect(back.effectiveTagIds).toContain(entryTag);
    expect(await tagged(entryTag)).toContain(patientId);
    const history = (await read(t, clinic.clinician, `/api/entries/${e2}/history`)).json();
    expect(history.items.map((v: { operation: string }) => v.operation)).toEqual([
      'restore',
      'delete',
      'update',
      'create',
    ]);
  });

  it('answers 409 not_deleted for an active entry', async () => {
    const { entryIds } = await seedRecords(t, clinic.clinician, 'ent-2', { images: 0 });
    expectError(
      await restoreRecord(t, clinic.clinician, 'entries', entryIds[0] as string),
      409,
      'not_deleted',
    );
  });
});

describe('deleting and recovering an image', () => {
  it('leaves workspaces, comparisons, counts and tags, and comes back to all of them', async () => {
    const { patientId, e1, i1, i2 } = await tagged2x2('img-1');
    expect((await readPatient(t, clinic.clinician, patientId)).effectiveTagIds).toContain(imageTag);
    const res = await deleteRecord(t, clinic.clinician, 'images', i1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deleted).toEqual({ patients: 0, entries: 0, images: 1 });
    const after = await readPatient(t, clinic.clinician, patientId);
    expect(after.imageCount).toBe(1);
    expect(after.effectiveTagIds).not.toContain(imageTag);
    expect(await tagged(imageTag)).not.toContain(patientId);
    const entry = (await read(t, clinic.clinician, `/api/entries/${e1}`)).json();
    expect(entry.workspaceImageIds).toEqual([i2]);
    expect(entry.comparisons).toEqual([]);
    expect(entry.effectiveTagIds).not.toContain(imageTag);
    expect(ids((await read(t, clinic.clinician, `/api/patients/${patientId}/images`)).json().items)).toEqual([
      i2,
    ]);
    expectError(await read(t, clinic.clinician, `/api/images/${i1}/file?size=thumbnail`), 410, 'deleted');

    const restored = await restoreRecord(t, clinic.clinician, 'images', i1);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ id: i1, tagIds: [imageTag] });
    const back = await readPatient(t, clinic.clinician, patientId);
    expect(back.imageCount).toBe(2);
    expect(back.effectiveTagIds).toContain(imageTag);
    const entryBack = (await read(t, clinic.clinician, `/api/entries/${e1}`)).json();
    expect(entryBack.workspaceImageIds).toEqual([i1, i2]);
    expect(entryBack.comparisons).toHaveLength(1);
    expect((await read(t, clinic.clinician, `/api/images/${i1}/file`)).statusCode).toBe(200);
  });
});

describe('the Deleted Items drawer', () => {
  it('lists deleted entries and images with expiry, cascade and deleter', async () => {
    const { patientId, e2, i2 } = await tagged2x2('drawer-1');
    await deleteRecord(t, clinic.clinician, 'entries', e2);
    await deleteRecord(t, clinic.admin, 'images', i2);
    const res = await read(t, clinic.clinician, `/api/patients/${patientId}/deleted-items`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entries).toEqual([
      expect.objectContaining({
        id: e2,
        cascade: false,
        deletedBy: clinic.clinician.id,
        deletedAt: expect.any(String),
        expiresAt: expect.any(String),
      }),
    ]);
    expect(body.images).toEqual([
      expect.objectContaining({ id: i2, cascade: false, deletedBy: clinic.admin.id }),
    ]);
    expect(new Date(body.images[0].expiresAt).getUTCFullYear()).toBe(
      new Date(body.images[0].deletedAt).getUTCFullYear() + 10,
    );
  });
});

describe('recovering while the patient is deleted, and who may', () => {
  it('answers 409 parent_deleted for an entry or image of a deleted patient', async () => {
    const r = await seedRecords(t, clinic.clinician, 'parent-1');
    const [e] = r.entryIds as [string];
    const [i] = r.imageIds as [string];
    await deleteRecord(t, clinic.clinician, 'entries', e);
    await deleteRecord(t, clinic.clinician, 'patients', r.patient.id, 'delete parent-1');
    expectError(await restoreRecord(t, clinic.clinician, 'entries', e), 409, 'parent_deleted');
    expectError(await restoreRecord(t, clinic.clinician, 'images', i), 409, 'parent_deleted');
  });

  it('answers 410 expired after the expiry, even before any cleanup', async () => {
    const r = await seedRecords(t, clinic.clinician, 'iexp-1');
    const [e] = r.entryIds as [string];
    const [i] = r.imageIds as [string];
    const expiresAt = new Date((await deleteRecord(t, clinic.clinician, 'entries', e)).json().expiresAt);
    await deleteRecord(t, clinic.clinician, 'images', i);
    t.clock.set(new Date(expiresAt.getTime() + 60_000));
    expectError(await restoreRecord(t, clinic.clinician, 'entries', e), 410, 'expired');
    expectError(await restoreRecord(t, clinic.clinician, 'images', i), 410, 'expired');
    const drawer = (await read(t, clinic.clinician, `/api/patients/${r.patient.id}/deleted-items`)).json();
    expect(drawer).toEqual({ entries: [], images: [], lesions: [] });
  });

  it('refuses assistants (403) and another account (404), changing nothing', async () => {
    const r = await seedRecords(t, clinic.clinician, 'iguard-1');
    const [e] = r.entryIds as [string];
    const [i] = r.imageIds as [string];
    expectError(await deleteRecord(t, clinic.assistant, 'entries', e), 403, 'forbidden');
    expectError(await deleteRecord(t, clinic.assistant, 'images', i), 403, 'forbidden');
    expectError(await deleteRecord(t, other.clinician, 'entries', e), 404, 'not_found');
    expectError(await deleteRecord(t, other.clinician, 'images', i), 404, 'not_found');
    expect((await readPatient(t, clinic.clinician, r.patient.id)).version).toBe(1);
    expect((await read(t, clinic.clinician, `/api/entries/${e}`)).statusCode).toBe(200);
    await deleteRecord(t, clinic.clinician, 'entries', e);
    await deleteRecord(t, clinic.clinician, 'images', i);
    expectError(await restoreRecord(t, clinic.assistant, 'entries', e), 403, 'forbidden');
    expectError(await restoreRecord(t, clinic.assistant, 'images', i), 403, 'forbidden');
    expectError(await restoreRecord(t, other.clinician, 'entries', e), 404, 'not_found');
    expectError(await restoreRecord(t, other.clinician, 'images', i), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/images/${i}`), 410, 'deleted');
  });
});
