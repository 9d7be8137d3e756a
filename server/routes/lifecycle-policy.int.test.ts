import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { makePng } from '../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import {
  deleteRecord,
  read,
  readPatient,
  restoreRecord,
  seedRecords,
  storedFilesOf,
} from '../testing/lifecycle.ts';

// PRODUCT.md §6, the deletion policy table: what each policy keeps of the data, the stored files and
// the activity log of the deleted items, and whether they can be recovered. The audit chain stays
// intact whatever is removed from it.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Policy Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const setPolicy = async (deletionPolicy: string) => {
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { deletionPolicy, confirmPolicyChange: true },
  });
  expect(res.statusCode, res.body).toBe(200);
};
interface AuditItem {
  action: string;
  targetId: string | null;
  patientId: string | null;
  details: unknown;
}
/** A patient's activity as the super administrator reads it. */
const activityOf = async (patientId: string): Promise<AuditItem[]> =>
  (await read(t, root, `/api/audit?patientId=${patientId}&pageSize=100`)).json().items;
const verify = async () => (await read(t, root, '/api/audit/verify')).json();
const redactedRows = async () =>
  t.database.raw(
    'select details, actor_email, ip, target_id, patient_id, actor_id from audit_events where redacted_at is not null',
  );
const versionsOf = async (id: string) =>
  Number(
    (await t.database.raw('select count(*) as n from record_versions where record_id = $1', [id]))[0]?.n,
  );

async function withSignature(patientId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/consents`,
    headers: clinic.clinician.headers,
    payload: {
      method: 'signature',
      signature: `data:image/png;base64,${(await makePng(80, 30)).toString('base64')}`,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('Standard (the default)', () => {
  it('removes the activity log of the deleted patient but one deletion event; the chain stays intact', async () => {
    const { patient } = await seedRecords(t, clinic.clinician, 'std-1');
    await read(t, clinic.clinician, `/api/patients/${patient.id}`);
    expect((await activityOf(patient.id)).map((e) => e.action).sort()).toEqual([
      'entry.create',
      'image.upload',
      'patient.create',
    ]);
    const res = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete std-1');
    expect(res.json().policy).toBe('standard');
    const activity = await activityOf(patient.id);
    expect(activity).toEqual([
      expect.objectContaining({ action: 'patient.delete', targetId: patient.id, patientId: patient.id }),
    ]);
    const redacted = await redactedRows();
    expect(redacted.length).toBeGreaterThanOrEqual(3);
    for (const row of redacted) expect(Object.values(row).every((v) => v === null)).toBe(true);
    expect(await verify()).toMatchObject({ intact: true });
    // The data is kept and recoverable; the recovery is logged.
    const restored = await restoreRecord(t, clinic.clinician, 'patients', patient.id, 'restore std-1');
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ entryCount: 1, imageCount: 1 });
    expect((await activityOf(patient.id)).map((e) => e.action)).toEqual([
      'patient.restore',
      'patient.delete',
    ]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it("removes an entry's or image's own activity and logs one deletion event each", async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'std-2');
    const [e] = entryIds as [string];
    const [i] = imageIds as [string];
    await deleteRecord(t, clinic.clinician, 'entries', e);
    await deleteRecord(t, clinic.clinician, 'images', i);
    const activity = await activityOf(patient.id);
    expect(activity.map((a) => [a.action, a.targetId])).toEqual([
      ['image.delete', i],
      ['entry.delete', e],
      ['patient.create', patient.id],
    ]);
    expect(storedFilesOf(t, i)).toHaveLength(3);
    expect(await verify()).toMatchObject({ intact: true });
  });
});

describe('Recoverable', () => {
  it('keeps the activity log of the deleted items and the files', async () => {
    await setPolicy('recoverable');
    const { patient, imageIds } = await seedRecords(t, clinic.clinician, 'rec-1');
    const res = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete rec-1');
    expect(res.json()).toMatchObject({ policy: 'recoverable', expiresAt: expect.any(String) });
    expect((await activityOf(patient.id)).map((e) => e.action).sort()).toEqual([
      'entry.create',
      'image.upload',
      'patient.create',
      'patient.delete',
    ]);
    expect(storedFilesOf(t, ...imageIds)).toHaveLength(3);
    expect(
      (await restoreRecord(t, clinic.clinician, 'patients', patient.id, 'restore rec-1')).statusCode,
    ).toBe(200);
    expect((await read(t, clinic.clinician, `/api/images/${imageIds[0]}/file`)).statusCode).toBe(200);
  });
});

describe('Permanent', () => {
  it('removes a patient with its rows, versions, files and activity at once; reads answer 404', async () => {
    await setPolicy('permanent');
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'perm-1', {
      entries: 2,
      images: 2,
    });
    const consentId = await withSignature(patient.id);
    expect(storedFilesOf(t, ...imageIds, consentId)).toHaveLength(7);
    const before = (await read(t, clinic.clinician, '/api/patients')).json().total;

    const res = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete perm-1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      deleted: { patients: 1, entries: 2, images: 2 },
      policy: 'permanent',
      expiresAt: null,
    });
    expectError(await read(t, clinic.clinician, `/api/patients/${patient.id}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/patients/${patient.id}/history`), 404, 'not_found');
    for (const id of entryIds)
      expectError(await read(t, clinic.clinician, `/api/entries/${id}`), 404, 'not_found');
    for (const id of imageIds) {
      expectError(await read(t, clinic.clinician, `/api/images/${id}`), 404, 'not_found');
      expectError(await read(t, clinic.clinician, `/api/images/${id}/history`), 404, 'not_found');
    }
    expect(storedFilesOf(t, ...imageIds, consentId)).toEqual([]);
    for (const id of [patient.id, ...entryIds, ...imageIds]) expect(await versionsOf(id)).toBe(0);
    expect(await activityOf(patient.id)).toEqual([]);
    expect((await read(t, clinic.clinician, '/api/patients')).json().total).toBe(before - 1);
    // Not recoverable, not in the deleted lists.
    expectError(
      await restoreRecord(t, clinic.clinician, 'patients', patient.id, 'restore perm-1'),
      404,
      'not_found',
    );
    const list = (await read(t, clinic.clinician, '/api/deleted/patients?pageSize=100')).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(patient.id);
    // The deletion itself is logged, without the patient's data; the chain holds.
    const events = (await read(t, root, '/api/audit?action=patient.delete&pageSize=100')).json().items;
    expect(events).toContainEqual(
      expect.objectContaining({
        targetId: patient.id,
        patientId: null,
        details: expect.objectContaining({ policy: 'permanent' }),
      }),
    );
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('removes a single entry or image at once and updates the patient', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'perm-2', {
      entries: 2,
      images: 2,
    });
    const [e1] = entryIds as [string];
    const [i1, i2] = imageIds as [string, string];
    expect((await deleteRecord(t, clinic.clinician, 'entries', e1)).json()).toMatchObject({
      policy: 'permanent',
      expiresAt: null,
    });
    expect((await deleteRecord(t, clinic.clinician, 'images', i1)).statusCode).toBe(200);
    expectError(await read(t, clinic.clinician, `/api/entries/${e1}`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/images/${i1}`), 404, 'not_found');
    expectError(await restoreRecord(t, clinic.clinician, 'images', i1), 404, 'not_found');
    expect(storedFilesOf(t, i1)).toEqual([]);
    expect(storedFilesOf(t, i2)).toHaveLength(3);
    expect(await versionsOf(e1)).toBe(0);
    expect(await versionsOf(i1)).toBe(0);
    expect(await readPatient(t, clinic.clinician, patient.id)).toMatchObject({
      entryCount: 1,
      imageCount: 1,
    });
    const targets = (await activityOf(patient.id)).map((a) => a.targetId);
    expect(targets.filter((id) => id === e1 || id === i1)).toHaveLength(2); // the two deletion events only
    const drawer = (await read(t, clinic.clinician, `/api/patients/${patient.id}/deleted-items`)).json();
    expect(drawer).toEqual({ entries: [], images: [], lesions: [] });
    expect(await verify()).toMatchObject({ intact: true });
  });
});
