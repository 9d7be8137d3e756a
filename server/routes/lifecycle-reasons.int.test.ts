import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectInvalidFields } from '../testing/expect-error.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, restoreRecord, seedRecords } from '../testing/lifecycle.ts';
import { newClinician } from '../testing/users.ts';

// PRODUCT.md §6: every deletion records why (a reason and a note), on its marker, in the tracking
// lists and in its deletion event; a patient's deletion must say why.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Reasons Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

type Why = { reason: string | null; reasonNote: string | null };
const deletedPatients = async (): Promise<(Why & { id: string })[]> =>
  (await read(t, clinic.admin, '/api/deleted/patients?pageSize=100')).json().items;
const drawer = async (patientId: string) =>
  (await read(t, clinic.clinician, `/api/patients/${patientId}/deleted-items`)).json() as {
    entries: (Why & { id: string; cascade: boolean })[];
    images: (Why & { id: string; cascade: boolean })[];
  };
const deletionEvent = async (action: string, targetId: string) => {
  const items = (await read(t, root, `/api/audit?action=${action}&pageSize=100`)).json().items as {
    targetId: string;
    details: Record<string, unknown> | null;
  }[];
  return items.find((e) => e.targetId === targetId);
};

describe('a patient deletion without a valid reason is refused and changes nothing', () => {
  it('answers 422 reason_required without a reason, and invalid_input for an unknown one', async () => {
    const r = await seedRecords(t, clinic.clinician, 'why-none', { entries: 1, images: 1 });
    const id = r.patient.id;
    expectError(
      await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-none', {}),
      422,
      'reason_required',
    );
    expectError(
      await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-none', {
        reasonNote: 'a note alone',
      }),
      422,
      'reason_required',
    );
    expectInvalidFields(
      await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-none', { reason: 'tidying' }),
      ['reason'],
    );
    expectInvalidFields(
      await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-none', {
        reason: 'other',
        reasonNote: 'x'.repeat(501),
      }),
      ['reasonNote'],
    );
    expect((await read(t, clinic.clinician, `/api/patients/${id}`)).statusCode).toBe(200);
    expect((await read(t, clinic.clinician, `/api/entries/${r.entryIds[0]}`)).statusCode).toBe(200);
    expect((await deletedPatients()).map((p) => p.id)).not.toContain(id);
    expect(await deletionEvent('patient.delete', id)).toBeUndefined();
  });

  it('refuses an unknown reason for an entry, an image and a user too', async () => {
    const r = await seedRecords(t, clinic.clinician, 'why-bad-item', { entries: 1, images: 1 });
    for (const [kind, id] of [
      ['entries', r.entryIds[0]],
      ['images', r.imageIds[0]],
    ] as const) {
      expectInvalidFields(
        await deleteRecord(t, clinic.clinician, kind, id ?? '', undefined, { reason: 'nope' }),
        ['reason'],
      );
      expect((await read(t, clinic.clinician, `/api/${kind}/${id}`)).statusCode).toBe(200);
    }
    const userId = await newClinician(t, clinic.admin, clinic.account.id, 'why-bad@reasons.test');
    expectInvalidFields(
      await t.app.inject({
        method: 'DELETE',
        url: `/api/users/${userId}`,
        headers: clinic.admin.headers,
        payload: { reason: 'gone' },
      }),
      ['reason'],
    );
    expect((await read(t, clinic.admin, '/api/deleted/users')).json().items).toEqual([]);
  });
});

describe('the reason is kept on the marker, in the tracking lists and in the deletion event', () => {
  it("a patient's cascade carries its reason; items deleted before keep their own", async () => {
    const r = await seedRecords(t, clinic.clinician, 'why-cascade', { entries: 2, images: 2 });
    const [e1, e2] = r.entryIds as [string, string];
    const [i1, i2] = r.imageIds as [string, string];
    // Deleted on their own first: one without a reason (other), one with a reason and a note.
    expect((await deleteRecord(t, clinic.clinician, 'entries', e1)).statusCode).toBe(200);
    const image = await deleteRecord(t, clinic.clinician, 'images', i1, undefined, {
      reason: 'wrong_patient',
      reasonNote: '  belongs to why-other  ',
    });
    expect(image.statusCode, image.body).toBe(200);
    // Read before the patient's deletion, which (under Standard) redacts its activity log.
    expect((await deletionEvent('entry.delete', e1))?.details).toMatchObject({
      reason: 'other',
      reasonNote: null,
    });
    expect((await deletionEvent('image.delete', i1))?.details).toMatchObject({
      reason: 'wrong_patient',
      reasonNote: 'belongs to why-other',
    });
    const del = await deleteRecord(t, clinic.clinician, 'patients', r.patient.id, 'delete why-cascade', {
      reason: 'patient_request',
      reasonNote: 'Erasure request of 3 March',
    });
    expect(del.statusCode, del.body).toBe(200);

    const listed = (await deletedPatients()).find((p) => p.id === r.patient.id);
    expect(listed).toMatchObject({ reason: 'patient_request', reasonNote: 'Erasure request of 3 March' });
    const items = await drawer(r.patient.id);
    const byId = new Map([...items.entries, ...items.images].map((i) => [i.id, i]));
    expect(byId.get(e1)).toMatchObject({ reason: 'other', reasonNote: null, cascade: false });
    expect(byId.get(i1)).toMatchObject({
      reason: 'wrong_patient',
      reasonNote: 'belongs to why-other',
      cascade: false,
    });
    for (const id of [e2, i2]) {
      expect(byId.get(id)).toMatchObject({
        reason: 'patient_request',
        reasonNote: 'Erasure request of 3 March',
        cascade: true,
      });
    }

    expect((await deletionEvent('patient.delete', r.patient.id))?.details).toMatchObject({
      reason: 'patient_request',
      reasonNote: 'Erasure request of 3 March',
    });
  });

  it('recovering clears the reason; the next deletion records its own', async () => {
    const r = await seedRecords(t, clinic.clinician, 'why-again', { entries: 1, images: 0 });
    const id = r.patient.id;
    await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-again', { reason: 'duplicate' });
    expect((await restoreRecord(t, clinic.clinician, 'patients', id, 'restore why-again')).statusCode).toBe(
      200,
    );
    expect(
      (
        await deleteRecord(t, clinic.clinician, 'entries', r.entryIds[0] ?? '', undefined, {
          reason: 'duplicate',
        })
      ).statusCode,
    ).toBe(200);
    await deleteRecord(t, clinic.clinician, 'patients', id, 'delete why-again', {
      reason: 'retention_policy',
    });
    expect((await deletedPatients()).find((p) => p.id === id)).toMatchObject({
      reason: 'retention_policy',
      reasonNote: null,
    });
    expect((await drawer(id)).entries[0]).toMatchObject({ reason: 'duplicate', cascade: false });
  });

  it('a user deleted without a reason records other; with one, the list and the event show it', async () => {
    const plain = await newClinician(t, clinic.admin, clinic.account.id, 'why-plain@reasons.test');
    const told = await newClinician(t, clinic.admin, clinic.account.id, 'why-told@reasons.test');
    const del = (id: string, payload?: object) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/users/${id}`,
        headers: clinic.admin.headers,
        ...(payload ? { payload } : {}),
      });
    expect((await del(plain)).statusCode).toBe(200);
    expect((await del(told, { reason: 'duplicate', reasonNote: 'second account' })).statusCode).toBe(200);
    const users = (await read(t, clinic.admin, '/api/deleted/users')).json().items as (Why & {
      id: string;
    })[];
    expect(users.find((u) => u.id === plain)).toMatchObject({ reason: 'other', reasonNote: null });
    expect(users.find((u) => u.id === told)).toMatchObject({
      reason: 'duplicate',
      reasonNote: 'second account',
    });
    expect((await deletionEvent('user.delete', told))?.details).toMatchObject({
      reason: 'duplicate',
      reasonNote: 'second account',
    });
  });

  it("FHIR's DELETE Patient, which has no body, records other with a note naming FHIR", async () => {
    const r = await seedRecords(t, clinic.clinician, 'why-fhir', { entries: 0, images: 0 });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/fhir/R4/Patient/${r.patient.id}`,
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await deletedPatients()).find((p) => p.id === r.patient.id)).toMatchObject({
      reason: 'other',
      reasonNote: 'Deleted through FHIR (DELETE Patient).',
    });
  });
});
