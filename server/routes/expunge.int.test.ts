import { randomUUID } from 'node:crypto';
import { eq, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVersions } from '../db/schema.ts';
import { auditEvents } from '../db/schema-audit.ts';
import { entries } from '../db/schema-clinical.ts';
import { removeRecords } from '../services/lifecycle/remove-records.ts';
import { expectError } from '../testing/expect-error.ts';
import { expunge } from '../testing/expunge.ts';
import { makePng } from '../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, readPatient, seedRecords, storedFilesOf } from '../testing/lifecycle.ts';

// PRODUCT.md §6 "Expunge": a super administrator hard-deletes one record with all its history and
// files (a patient with everything in its compartment); afterwards every read answers 404.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Expunge Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const verify = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: root.headers })).json();

async function signConsent(patientId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/consents`,
    headers: clinic.clinician.headers,
    payload: {
      method: 'signature',
      signature: `data:image/png;base64,${(await makePng(60, 20)).toString('base64')}`,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function newTag(name: string) {
  const category = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: clinic.admin.headers,
    payload: { name: `cat ${name}`, color: '#224466' },
  });
  const tag = await t.app.inject({
    method: 'POST',
    url: '/api/tags',
    headers: clinic.admin.headers,
    payload: { name, categoryId: category.json().id },
  });
  return tag.json().id as string;
}

/** Every read of the record and its history answers 404, as if it had never existed. */
async function expectGone(kind: 'patients' | 'entries' | 'images', id: string) {
  for (const url of [`/api/${kind}/${id}`, `/api/${kind}/${id}/history`, `/api/${kind}/${id}/history/1`]) {
    expectError(await read(t, clinic.clinician, url), 404, 'not_found');
  }
}

describe('who may expunge', () => {
  it('refuses every role but the super administrator (403) and anonymous callers (401); nothing changes', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-roles', { entries: 1, images: 1 });
    const urls = [
      `/api/patients/${r.patient.id}/expunge?everything=true`,
      `/api/entries/${r.entryIds[0]}/expunge`,
      `/api/images/${r.imageIds[0]}/expunge`,
    ];
    for (const url of urls) {
      for (const user of [clinic.assistant, clinic.clinician, clinic.admin]) {
        expectError(await expunge(t, user, url), 403, 'forbidden');
      }
      expectError(await t.app.inject({ method: 'POST', url }), 401, 'unauthorized');
    }
    expect((await readPatient(t, clinic.clinician, r.patient.id)).imageCount).toBe(1);
    expect((await read(t, clinic.clinician, `/api/entries/${r.entryIds[0]}`)).statusCode).toBe(200);
    expect((await read(t, clinic.clinician, `/api/images/${r.imageIds[0]}`)).statusCode).toBe(200);
    expect(storedFilesOf(t, r.imageIds[0] ?? '-')).toHaveLength(3);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const kind of ['patients', 'entries', 'images']) {
      expectError(await expunge(t, root, `/api/${kind}/${randomUUID()}/expunge`), 404, 'not_found');
      expectError(await expunge(t, root, `/api/${kind}/nope/expunge`), 404, 'not_found');
    }
  });
});

describe('expunging a patient', () => {
  it('without everything, refuses a patient that still has entries, images or consents (409)', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-dependents', { entries: 1, images: 0 });
    const res = await expunge(t, root, `/api/patients/${r.patient.id}/expunge`);
    const error = expectError(res, 409, 'has_dependents');
    expect(error.details).toEqual({ entries: 1, images: 0, lesions: 0, consents: 0 });
    expect((await readPatient(t, clinic.clinician, r.patient.id)).entryCount).toBe(1);
  });

  it('removes an active patient alone with its versions; every read is 404 afterwards', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-alone', { entries: 0, images: 0 });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${r.patient.id}`,
      headers: clinic.clinician.headers,
      payload: { firstName: 'Zed' },
    });
    const res = await expunge(t, root, `/api/patients/${r.patient.id}/expunge`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().expunged).toMatchObject({
      patients: 1,
      entries: 0,
      images: 0,
      consents: 0,
      files: 0,
      versions: 2,
    });
    expect(res.json().expunged.logs).toBeGreaterThan(0);
    await expectGone('patients', r.patient.id);
    expectError(await expunge(t, root, `/api/patients/${r.patient.id}/expunge`), 404, 'not_found');
  });

  it('with everything, removes a soft-deleted patient with its entries, images, consents, files and log', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-all', { entries: 2, images: 2 });
    const consentId = await signConsent(r.patient.id);
    // One image deleted on its own before the patient: it goes too.
    expect((await deleteRecord(t, clinic.clinician, 'images', r.imageIds[0] ?? '')).statusCode).toBe(200);
    const del = await deleteRecord(t, clinic.clinician, 'patients', r.patient.id, 'delete exp-all');
    expect(del.statusCode, del.body).toBe(200);
    expect(storedFilesOf(t, ...r.imageIds, consentId)).toHaveLength(7);

    const res = await expunge(t, root, `/api/patients/${r.patient.id}/expunge?everything=true`);
    expect(res.statusCode, res.body).toBe(200);
    const { expunged } = res.json();
    expect(expunged).toMatchObject({ patients: 1, entries: 2, images: 2, consents: 1, files: 7 });
    expect(expunged.versions).toBeGreaterThanOrEqual(2 * 2 + 2 * 2 + 2);
    expect(storedFilesOf(t, ...r.imageIds, consentId)).toEqual([]);
    await expectGone('patients', r.patient.id);
    for (const id of r.entryIds) await expectGone('entries', id);
    for (const id of r.imageIds) await expectGone('images', id);
    expectError(await read(t, clinic.clinician, `/api/consents/${consentId}/signature`), 404, 'not_found');

    const db = t.database.db;
    const ids = [r.patient.id, ...r.entryIds, ...r.imageIds];
    const left = await db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.patientId, r.patient.id), ...ids.map((id) => eq(auditEvents.targetId, id))));
    expect(left).toEqual([]);
    const versions = await db.select().from(recordVersions).where(eq(recordVersions.patientId, r.patient.id));
    expect(versions).toEqual([]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('logs one expunge event with the record type and counts only', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-logged', { entries: 0, images: 0 });
    await expunge(t, root, `/api/patients/${r.patient.id}/expunge`);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=expunge&pageSize=1',
      headers: root.headers,
    });
    const [event] = res.json().items;
    expect(event).toMatchObject({
      action: 'expunge',
      accountId: clinic.account.id,
      actorId: root.id,
      targetType: 'patient',
      targetId: null,
      patientId: null,
      details: { recordType: 'patient', everything: false, expunged: { patients: 1 } },
    });
    expect(JSON.stringify(event.details)).not.toContain('exp-logged');
  });

  it('works whatever the deletion policy', async () => {
    for (const policy of ['recoverable', 'permanent', 'standard']) {
      const set = await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: root.headers,
        payload: { deletionPolicy: policy, confirmPolicyChange: true },
      });
      expect(set.statusCode, set.body).toBe(200);
      const r = await seedRecords(t, clinic.clinician, `exp-${policy}`, { entries: 1, images: 1 });
      const res = await expunge(t, root, `/api/patients/${r.patient.id}/expunge?everything=true`);
      expect(res.json().expunged).toMatchObject({ patients: 1, entries: 1, images: 1, files: 3 });
      await expectGone('patients', r.patient.id);
    }
  });
});

describe('expunging an entry or an image', () => {
  it('an active image leaves workspaces and comparisons; counts and effective tags follow', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-image', { entries: 1, images: 3 });
    const [a, b, c] = r.imageIds as [string, string, string];
    const tagId = await newTag('only-on-a');
    await t.app.inject({
      method: 'PATCH',
      url: `/api/images/${a}`,
      headers: clinic.clinician.headers,
      payload: { tagIds: [tagId] },
    });
    const entryUrl = `/api/entries/${r.entryIds[0]}`;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: entryUrl,
      headers: clinic.clinician.headers,
      payload: {
        workspaceImageIds: [a, b, c],
        comparisons: [
          { name: 'pair', imageIds: [a, b] },
          { name: 'three', imageIds: [a, b, c] },
        ],
      },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect((await readPatient(t, clinic.clinician, r.patient.id)).effectiveTagIds).toContain(tagId);

    const res = await expunge(t, root, `/api/images/${a}/expunge`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().expunged).toMatchObject({ patients: 0, entries: 0, images: 1, files: 3 });
    await expectGone('images', a);
    expect(storedFilesOf(t, a)).toEqual([]);
    expect(storedFilesOf(t, b, c)).toHaveLength(6);
    const patient = await readPatient(t, clinic.clinician, r.patient.id);
    expect(patient.imageCount).toBe(2);
    expect(patient.effectiveTagIds).not.toContain(tagId);
    const entry = (await read(t, clinic.clinician, entryUrl)).json();
    expect(entry.workspaceImageIds).toEqual([b, c]);
    expect(entry.comparisons.map((g: { imageIds: string[] }) => g.imageIds)).toEqual([[b, c]]);
    // Stored too, not only hidden: no row keeps pointing at the expunged image.
    const [row] = await t.database.db
      .select()
      .from(entries)
      .where(eq(entries.id, r.entryIds[0] ?? ''));
    expect(row?.comparisons.map((g) => [g.name, g.imageIds])).toEqual([['three', [b, c]]]);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('an active entry: the patient counts and last appointment follow; its images stay', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-entry', { entries: 2, images: 1 });
    const res = await expunge(t, root, `/api/entries/${r.entryIds[1]}/expunge`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().expunged).toMatchObject({ entries: 1, images: 0, files: 0, versions: 1 });
    await expectGone('entries', r.entryIds[1] ?? '');
    const patient = await readPatient(t, clinic.clinician, r.patient.id);
    expect(patient).toMatchObject({
      entryCount: 1,
      imageCount: 1,
      lastAppointmentAt: '2025-12-10T10:00:00.000Z',
    });
  });

  it('a soft-deleted entry or image goes too, and the patient stays as it was', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-deleted-items', { entries: 2, images: 2 });
    await deleteRecord(t, clinic.clinician, 'entries', r.entryIds[0] ?? '');
    await deleteRecord(t, clinic.clinician, 'images', r.imageIds[0] ?? '');
    const before = await readPatient(t, clinic.clinician, r.patient.id);
    for (const url of [`/api/entries/${r.entryIds[0]}/expunge`, `/api/images/${r.imageIds[0]}/expunge`]) {
      expect((await expunge(t, root, url)).statusCode).toBe(200);
    }
    await expectGone('entries', r.entryIds[0] ?? '');
    await expectGone('images', r.imageIds[0] ?? '');
    expect(storedFilesOf(t, r.imageIds[0] ?? '-')).toEqual([]);
    const items = (await read(t, clinic.clinician, `/api/patients/${r.patient.id}/deleted-items`)).json();
    expect(items).toEqual({ entries: [], images: [], lesions: [] });
    const after = await readPatient(t, clinic.clinician, r.patient.id);
    expect(after).toMatchObject({ entryCount: 1, imageCount: 1, lastModifiedAt: before.lastModifiedAt });
  });
});

describe('the one removal code', () => {
  it('takes a large compartment a batch at a time, files first, and counts everything', async () => {
    const r = await seedRecords(t, clinic.clinician, 'exp-batches', { entries: 3, images: 3 });
    await signConsent(r.patient.id);
    const ctx = { db: t.database.db, clock: t.clock };
    const removed = await removeRecords(ctx, t.storage, { patientIds: [r.patient.id] }, { batchSize: 1 });
    expect(removed).toMatchObject({ patients: 1, entries: 3, images: 3, consents: 1, files: 10 });
    expect(storedFilesOf(t, ...r.imageIds)).toEqual([]);
    await expectGone('patients', r.patient.id);
  });
});
