import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6 and §8b: lesions are deleted, recovered, expire, are expunged and go with their
// patient exactly as entries do; deleting one unlinks its images unless they are deleted with it.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Lesion Lifecycle Clinic');
  other = await seedAccount(t, 'Other Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const inject = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
const delLesion = (id: string, payload?: object, user = clinic.clinician) =>
  inject(user, 'DELETE', `/api/lesions/${id}`, payload);
const restoreLesion = (id: string, user = clinic.clinician) =>
  inject(user, 'POST', `/api/lesions/${id}/restore`);
const deletedItems = async (patientId: string) => {
  const res = await read(t, clinic.clinician, `/api/patients/${patientId}/deleted-items`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    images: { id: string; cascade: boolean }[];
    lesions: {
      id: string;
      cascade: boolean;
      reason: string | null;
      reasonNote: string | null;
      expiresAt: string;
    }[];
  };
};
const setSettings = (payload: object) => inject(root, 'PATCH', '/api/settings', payload);
const runCleanup = () => inject(root, 'POST', '/api/admin/cleanup');

/** A patient with a lesion on the back and two photos linked to it. */
async function lesionWithPhotos(uniqueId: string, status = 'monitoring') {
  const { patient } = await seedRecords(t, clinic.clinician, uniqueId, { entries: 0, images: 0 });
  const created = await inject(clinic.clinician, 'POST', `/api/patients/${patient.id}/lesions`, {
    site: { view: 'back', x: 0.5, y: 0.35 },
    status,
  });
  expect(created.statusCode, created.body).toBe(201);
  const lesion = created.json() as { id: string; site: { region: string } };
  const files = await Promise.all(
    [0, 1].map(async (i) => ({ filename: `l${i}.jpg`, data: await makeJpeg(50 + i, 40) })),
  );
  const up = await upload(t, clinic.clinician.headers, patient.id, files);
  expect(up.statusCode, up.body).toBe(201);
  const imageIds = up.json().created.map((i: { id: string }) => i.id) as string[];
  for (const id of imageIds) {
    const linked = await inject(clinic.clinician, 'PATCH', `/api/images/${id}`, { lesionId: lesion.id });
    expect(linked.statusCode, linked.body).toBe(200);
  }
  return { patientId: patient.id, lesionId: lesion.id, region: lesion.site.region, imageIds };
}

const lesionIdsOf = async (patientId: string) =>
  (await read(t, clinic.clinician, `/api/patients/${patientId}/lesions`))
    .json()
    .items.map((l: { id: string }) => l.id) as string[];
const filtered = async (query: string) =>
  (await read(t, clinic.clinician, `/api/patients?${query}&pageSize=100`))
    .json()
    .items.map((p: { id: string }) => p.id) as string[];

describe('deleting a lesion on its own', () => {
  beforeAll(() => t.clock.set(new Date('2026-03-01T00:00:00Z')));

  it('unlinks its images and keeps them; hides it from reads and filters; records reason and note', async () => {
    const { patientId, lesionId, region, imageIds } = await lesionWithPhotos('ll-unlink', 'biopsied');
    expect(await filtered(`lesionStatus=biopsied&lesionRegion=${region}`)).toContain(patientId);
    const res = await delLesion(lesionId, { reason: 'duplicate', reasonNote: 'Same mole as L2' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      deleted: { lesions: 1, images: 0 },
      unlinkedImages: 2,
      policy: 'standard',
      expiresAt: expect.stringMatching(/^2036-03-01T00:00/),
    });
    const gone = await read(t, clinic.clinician, `/api/lesions/${lesionId}`);
    expectError(gone, 410, 'deleted');
    expect(gone.json().error.details).toMatchObject({
      deletedAt: expect.stringMatching(/^2026-03-01T00:00/),
      held: false,
    });
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}/images`), 410, 'deleted');
    expect(await lesionIdsOf(patientId)).toEqual([]);
    expect(await filtered(`lesionStatus=biopsied&lesionRegion=${region}`)).not.toContain(patientId);
    for (const id of imageIds) {
      const image = await read(t, clinic.clinician, `/api/images/${id}`);
      expect(image.statusCode).toBe(200);
      expect(image.json()).toMatchObject({ lesionId: null, version: 3 });
      const history = (await read(t, clinic.clinician, `/api/images/${id}/history`)).json();
      expect(history.items?.[0] ?? history[0]).toMatchObject({ operation: 'update' });
    }
    const drawer = await deletedItems(patientId);
    expect(drawer.images).toEqual([]);
    expect(drawer.lesions).toEqual([
      expect.objectContaining({
        id: lesionId,
        cascade: false,
        reason: 'duplicate',
        reasonNote: 'Same mole as L2',
        expiresAt: expect.stringMatching(/^2036-03-01T00:00/),
        deletedByEmail: clinic.clinician.email,
      }),
    ]);
    const audit = (await read(t, clinic.admin, `/api/audit?patientId=${patientId}&pageSize=100`)).json();
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'lesion.delete',
        details: expect.objectContaining({ reason: 'duplicate', reasonNote: 'Same mole as L2', unlinked: 2 }),
      }),
    );
    // Recovered: the lesion is back, its former photos stay in the pool unlinked.
    const back = await restoreLesion(lesionId);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ id: lesionId, status: 'biopsied', imageCount: 0 });
    expect(await lesionIdsOf(patientId)).toEqual([lesionId]);
    expect(await filtered(`lesionStatus=biopsied&lesionRegion=${region}`)).toContain(patientId);
    expect((await deletedItems(patientId)).lesions).toEqual([]);
    expectError(await restoreLesion(lesionId), 409, 'not_deleted');
  });

  it('with deleteImages, deletes its images with it and recovers them with it', async () => {
    const { patientId, lesionId, imageIds } = await lesionWithPhotos('ll-with-images');
    const res = await delLesion(lesionId, { deleteImages: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ deleted: { lesions: 1, images: 2 }, unlinkedImages: 0 });
    for (const id of imageIds)
      expectError(await read(t, clinic.clinician, `/api/images/${id}`), 410, 'deleted');
    expect((await read(t, clinic.clinician, `/api/patients/${patientId}`)).json().imageCount).toBe(0);
    const drawer = await deletedItems(patientId);
    expect(drawer.lesions).toEqual([
      expect.objectContaining({ id: lesionId, reason: 'other', reasonNote: null }),
    ]);
    expect(drawer.images.map((i) => i.id).sort()).toEqual([...imageIds].sort());
    const back = await restoreLesion(lesionId);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ imageCount: 2 });
    for (const id of imageIds)
      expect((await read(t, clinic.clinician, `/api/images/${id}`)).json()).toMatchObject({ lesionId });
    expect((await read(t, clinic.clinician, `/api/patients/${patientId}`)).json().imageCount).toBe(2);
    expect(await deletedItems(patientId)).toMatchObject({ images: [], lesions: [] });
  });

  it('refuses bad input, another account and a held patient; nothing changes', async () => {
    const { patientId, lesionId } = await lesionWithPhotos('ll-refusals');
    expectError(await delLesion(lesionId, { reason: 'bored' }), 422, 'invalid_input');
    expectError(await delLesion(lesionId, { deleteImages: 'yes' }), 422, 'invalid_input');
    expectError(await delLesion(lesionId, {}, other.clinician), 404, 'not_found');
    expectError(await delLesion(randomUUID()), 404, 'not_found');
    expectError(await delLesion('not-an-id'), 404, 'not_found');
    const held = await inject(clinic.admin, 'POST', `/api/patients/${patientId}/hold`, {
      reason: 'Court order',
    });
    expect(held.statusCode, held.body).toBe(200);
    expectError(await delLesion(lesionId), 409, 'legal_hold');
    expectError(await inject(root, 'POST', `/api/lesions/${lesionId}/expunge`), 409, 'legal_hold');
    expect(await lesionIdsOf(patientId)).toEqual([lesionId]);
    await inject(clinic.admin, 'DELETE', `/api/patients/${patientId}/hold`);
    const res = await delLesion(lesionId);
    expect(res.statusCode, res.body).toBe(200);
    expectError(await restoreLesion(lesionId, other.clinician), 404, 'not_found');
    expectError(await delLesion(lesionId), 410, 'deleted');
  });
});

describe('a lesion and its patient', () => {
  beforeAll(() => t.clock.set(new Date('2026-04-01T00:00:00Z')));

  it('goes with the patient and comes back with it; one deleted before stays deleted', async () => {
    const { patientId, lesionId, imageIds } = await lesionWithPhotos('ll-patient');
    const earlier = await inject(clinic.clinician, 'POST', `/api/patients/${patientId}/lesions`, {
      site: { view: 'front', x: 0.5, y: 0.3 },
    });
    const earlierId = earlier.json().id as string;
    expect((await delLesion(earlierId)).statusCode).toBe(200);
    const del = await deleteRecord(t, clinic.clinician, 'patients', patientId, 'delete ll-patient');
    expect(del.statusCode, del.body).toBe(200);
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}`), 410, 'deleted');
    expectError(await restoreLesion(earlierId), 409, 'parent_deleted');
    const drawer = await deletedItems(patientId);
    expect(drawer.lesions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: lesionId, cascade: true }),
        expect.objectContaining({ id: earlierId, cascade: false }),
      ]),
    );
    const back = await restoreRecord(t, clinic.clinician, 'patients', patientId, 'restore ll-patient');
    expect(back.statusCode, back.body).toBe(200);
    expect(await lesionIdsOf(patientId)).toEqual([lesionId]);
    const lesion = (await read(t, clinic.clinician, `/api/lesions/${lesionId}`)).json();
    expect(lesion).toMatchObject({ imageCount: 2 });
    const timeline = (await read(t, clinic.clinician, `/api/lesions/${lesionId}/images`)).json();
    expect(timeline.items.map((i: { image: { id: string } }) => i.image.id).sort()).toEqual(
      [...imageIds].sort(),
    );
    expect((await deletedItems(patientId)).lesions.map((l) => l.id)).toEqual([earlierId]);
  });

  it('expunge of a patient counts its lesions as dependents; a lesion is expunged like an entry', async () => {
    const { patientId, lesionId, imageIds } = await lesionWithPhotos('ll-expunge');
    for (const id of imageIds) await deleteRecord(t, clinic.clinician, 'images', id);
    await inject(root, 'POST', `/api/images/${imageIds[0]}/expunge`);
    await inject(root, 'POST', `/api/images/${imageIds[1]}/expunge`);
    const refused = await inject(root, 'POST', `/api/patients/${patientId}/expunge`);
    expectError(refused, 409, 'has_dependents');
    expect(refused.json().error.details).toMatchObject({ lesions: 1, images: 0, entries: 0 });
    const res = await inject(root, 'POST', `/api/lesions/${lesionId}/expunge`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().expunged).toMatchObject({ lesions: 1 });
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}`), 404, 'not_found');
    expectError(await inject(clinic.clinician, 'POST', `/api/lesions/${lesionId}/expunge`), 403, 'forbidden');
    const patient = await inject(root, 'POST', `/api/patients/${patientId}/expunge`);
    expect(patient.statusCode, patient.body).toBe(200);
  });
});

describe('expiry, cleanup, Permanent and destruction records', () => {
  const destroyedLesions = async () => {
    const list = (await read(t, root, '/api/admin/destruction-records?pageSize=100')).json();
    const ids: string[] = [];
    for (const r of list.items as { id: string; counts: { lesions: number } }[]) {
      if (!r.counts.lesions) continue;
      const full = (await read(t, root, `/api/admin/destruction-records/${r.id}`)).json();
      for (const i of full.items as { kind: string; id: string }[]) if (i.kind === 'lesion') ids.push(i.id);
    }
    return ids;
  };

  it('a deleted lesion expires: 410 expired, then the cleanup removes it with its images, recorded', async () => {
    t.clock.set(new Date('2026-05-01T00:00:00Z'));
    const { patientId, lesionId, imageIds } = await lesionWithPhotos('ll-expiry');
    expect(storedFilesOf(t, ...imageIds)).toHaveLength(6);
    expect((await delLesion(lesionId, { deleteImages: true })).statusCode).toBe(200);
    t.clock.set(new Date('2036-05-01T00:01:00Z'));
    const expired = await restoreLesion(lesionId);
    expectError(expired, 410, 'expired');
    expect(expired.json().error.details.expiresAt).toMatch(/^2036-05-01T00:0/);
    const run = await runCleanup();
    expect(run.statusCode, run.body).toBe(200);
    // Earlier tests' deleted lesions expired by now too.
    expect(run.json().removed.lesions).toBeGreaterThanOrEqual(1);
    expect(run.json().removed.images).toBeGreaterThanOrEqual(2);
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}`), 404, 'not_found');
    expect(storedFilesOf(t, ...imageIds)).toEqual([]);
    expect((await deletedItems(patientId)).lesions).toEqual([]);
    expect(await destroyedLesions()).toContain(lesionId);
  });

  it('a retention cut removes a lesion deleted longer ago than the new period', async () => {
    t.clock.set(new Date('2037-01-01T00:00:00Z'));
    const { lesionId } = await lesionWithPhotos('ll-cut');
    expect((await delLesion(lesionId)).statusCode).toBe(200);
    t.clock.set(new Date('2037-08-01T00:00:00Z'));
    const asked = await setSettings({ retentionMonths: 6 });
    expectError(asked, 409, 'confirmation_required');
    expect(asked.json().error.details.wouldExpireByKind.lesions).toBeGreaterThanOrEqual(1);
    const cut = await setSettings({ retentionMonths: 6, confirmReduction: true });
    expect(cut.statusCode, cut.body).toBe(200);
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}`), 404, 'not_found');
    expect(await destroyedLesions()).toContain(lesionId);
    expect((await setSettings({ retentionMonths: 120 })).statusCode).toBe(200);
  });

  it('under Permanent a lesion (and the images asked for) is removed at once, recorded', async () => {
    t.clock.set(new Date('2038-01-01T00:00:00Z'));
    const { lesionId, imageIds } = await lesionWithPhotos('ll-permanent');
    const policy = await setSettings({ deletionPolicy: 'permanent', confirmPolicyChange: true });
    expect(policy.statusCode, policy.body).toBe(200);
    const res = await delLesion(lesionId, { deleteImages: true, reason: 'wrong_patient' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      policy: 'permanent',
      expiresAt: null,
      deleted: { lesions: 1, images: 2 },
    });
    expectError(await read(t, clinic.clinician, `/api/lesions/${lesionId}`), 404, 'not_found');
    expectError(await restoreLesion(lesionId), 404, 'not_found');
    expect(storedFilesOf(t, ...imageIds)).toEqual([]);
    expect(await destroyedLesions()).toContain(lesionId);
    expect((await setSettings({ deletionPolicy: 'standard' })).statusCode).toBe(200);
  });
});
