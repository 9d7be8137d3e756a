import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { deleteRecord, read, readPatient, restoreRecord, seedRecords } from '../testing/lifecycle.ts';

// PRODUCT.md §6: deleting a patient (typed phrase, cascade to its entries and images), reading it
// afterwards (410), the Deleted Records list, and recovering it with exactly its cascade.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Lifecycle Clinic');
  other = await seedAccount(t, 'Other Clinic');
});
afterAll(() => t?.close());

const total = async (url: string) => (await read(t, clinic.clinician, url)).json().total as number;

describe('deleting a patient', () => {
  it('refuses a missing or wrong phrase with 422 confirmation_mismatch and changes nothing', async () => {
    const { patient } = await seedRecords(t, clinic.clinician, 'conf-1');
    for (const phrase of [undefined, '', 'delete conf-2', 'delete CONF-1', 'remove conf-1']) {
      expectError(
        await deleteRecord(t, clinic.clinician, 'patients', patient.id, phrase),
        422,
        'confirmation_mismatch',
      );
    }
    const after = await readPatient(t, clinic.clinician, patient.id);
    expect(after).toMatchObject({ version: 1, entryCount: 1, imageCount: 1 });
    expect(
      (await read(t, clinic.clinician, `/api/patients/${patient.id}/history`)).json().items,
    ).toHaveLength(1);
  });

  it('cascades to its entries and images, answers the counts, the policy and the expiry', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'casc-1', {
      entries: 2,
      images: 2,
    });
    const before = await total('/api/patients');
    const res = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete casc-1');
    expect(res.statusCode, res.body).toBe(200);
    const deletedAt = t.clock.now();
    expect(res.json()).toMatchObject({ deleted: { patients: 1, entries: 2, images: 2 }, policy: 'standard' });
    const expiresAt = new Date(res.json().expiresAt);
    expect(expiresAt.getUTCFullYear()).toBe(deletedAt.getUTCFullYear() + 10);

    const gone = expectError(await read(t, clinic.clinician, `/api/patients/${patient.id}`), 410, 'deleted');
    // The marker, as shown everywhere: when, by whom (with the e-mail), and the expiry.
    expect(gone.details).toEqual({
      deletedAt: expect.any(String),
      deletedBy: clinic.clinician.id,
      deletedByEmail: clinic.clinician.email,
      expiresAt: res.json().expiresAt,
      held: false,
    });
    for (const id of entryIds) {
      const entryGone = expectError(await read(t, clinic.clinician, `/api/entries/${id}`), 410, 'deleted');
      expect(entryGone.details).toMatchObject({ deletedByEmail: clinic.clinician.email });
    }
    for (const id of imageIds) {
      expectError(await read(t, clinic.clinician, `/api/images/${id}`), 410, 'deleted');
      expectError(await read(t, clinic.clinician, `/api/images/${id}/file`), 410, 'deleted');
    }
    expect(await total('/api/patients')).toBe(before - 1);
    expect(await total('/api/patients?q=casc')).toBe(0);
    expectError(
      await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete casc-1'),
      410,
      'deleted',
    );
  });

  it('keeps history and versions readable, with the deletion in them', async () => {
    const { patient, entryIds } = await seedRecords(t, clinic.clinician, 'hist-1');
    await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete hist-1');
    const history = await read(t, clinic.clinician, `/api/patients/${patient.id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((v: { operation: string }) => v.operation)).toEqual(['delete', 'create']);
    const v2 = await read(t, clinic.clinician, `/api/patients/${patient.id}/history/2`);
    expect(v2.json()).toMatchObject({ version: 2, operation: 'delete', data: { uniqueId: 'hist-1' } });
    const entryHistory = await read(t, clinic.clinician, `/api/entries/${entryIds[0]}/history`);
    expect(entryHistory.json().items.map((v: { operation: string }) => v.operation)).toEqual([
      'delete',
      'create',
    ]);
  });

  it('is refused to assistants (403) and for another account (404), changing nothing', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'guard-1' });
    expectError(
      await deleteRecord(t, clinic.assistant, 'patients', p.id, 'delete guard-1'),
      403,
      'forbidden',
    );
    expectError(await deleteRecord(t, other.clinician, 'patients', p.id, 'delete guard-1'), 404, 'not_found');
    expectError(await deleteRecord(t, other.admin, 'patients', p.id, 'delete guard-1'), 404, 'not_found');
    expect((await readPatient(t, clinic.clinician, p.id)).version).toBe(1);
  });

  it('lets an account admin delete', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'by-admin' });
    expect((await deleteRecord(t, clinic.admin, 'patients', p.id, 'delete by-admin')).statusCode).toBe(200);
  });
});

describe('the Deleted Records list', () => {
  it('lists deleted patients with deletion time, deleter and expiry, sorted and by physician', async () => {
    const a = await createPatient(t, clinic.clinician, { uniqueId: 'dl-a', lastName: 'Alpha' });
    const b = await createPatient(t, clinic.admin, { uniqueId: 'dl-b', lastName: 'Beta' });
    await deleteRecord(t, clinic.clinician, 'patients', a.id, 'delete dl-a');
    t.clock.advance(60_000);
    await deleteRecord(t, clinic.admin, 'patients', b.id, 'delete dl-b');
    const res = await read(t, clinic.clinician, '/api/deleted/patients?pageSize=100');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((p: { id: string }) => p.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    const itemB = res.json().items.find((p: { id: string }) => p.id === b.id);
    expect(itemB).toMatchObject({
      uniqueId: 'dl-b',
      lastName: 'Beta',
      deletedBy: clinic.admin.id,
      deletedByEmail: clinic.admin.email,
      physicianId: clinic.admin.id,
      deletedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(new Date(itemB.expiresAt).getUTCFullYear()).toBe(new Date(itemB.deletedAt).getUTCFullYear() + 10);
    const recent = await read(t, clinic.clinician, '/api/deleted/patients?sort=deletedAt&pageSize=1');
    expect(recent.json()).toMatchObject({ page: 1, pageSize: 1, items: [{ id: b.id }] });
    expect(recent.json().total).toBe(res.json().total);
    const mine = await read(t, clinic.clinician, `/api/deleted/patients?physicianId=${clinic.admin.id}`);
    expect(mine.json().items.map((p: { id: string }) => p.id)).toContain(b.id);
    expect(mine.json().items.map((p: { id: string }) => p.id)).not.toContain(a.id);
    // Another account's deleted patients are not there; assistants do not see the list at all.
    expect((await read(t, other.clinician, '/api/deleted/patients')).json().total).toBe(0);
    expectError(await read(t, clinic.assistant, '/api/deleted/patients'), 403, 'forbidden');
  });
});

describe('recovering a patient', () => {
  it('restores exactly its cascade; what was deleted on its own before stays deleted', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'rec-1', {
      entries: 2,
      images: 2,
    });
    const [e1, e2] = entryIds as [string, string];
    const [i1, i2] = imageIds as [string, string];
    expect((await deleteRecord(t, clinic.clinician, 'entries', e1)).statusCode).toBe(200);
    expect((await deleteRecord(t, clinic.clinician, 'images', i1)).statusCode).toBe(200);
    const del = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete rec-1');
    expect(del.json().deleted).toEqual({ patients: 1, entries: 1, images: 1 });

    const drawer = (await read(t, clinic.clinician, `/api/patients/${patient.id}/deleted-items`)).json();
    const cascadeOf = (list: { id: string; cascade: boolean }[]) =>
      Object.fromEntries(list.map((i) => [i.id, i.cascade]));
    expect(cascadeOf(drawer.entries)).toEqual({ [e1]: false, [e2]: true });
    expect(cascadeOf(drawer.images)).toEqual({ [i1]: false, [i2]: true });

    const res = await restoreRecord(t, clinic.clinician, 'patients', patient.id, 'restore rec-1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: patient.id,
      uniqueId: 'rec-1',
      entryCount: 1,
      imageCount: 1,
      version: 3,
    });
    expect(res.headers.etag).toBe('W/"3"');
    expect((await read(t, clinic.clinician, `/api/entries/${e2}`)).statusCode).toBe(200);
    expect((await read(t, clinic.clinician, `/api/images/${i2}`)).statusCode).toBe(200);
    expectError(await read(t, clinic.clinician, `/api/entries/${e1}`), 410, 'deleted');
    expectError(await read(t, clinic.clinician, `/api/images/${i1}`), 410, 'deleted');
    expect(await total('/api/patients?q=rec-1')).toBe(1);
    const history = (await read(t, clinic.clinician, `/api/patients/${patient.id}/history`)).json();
    expect(history.items.map((v: { operation: string }) => v.operation)).toEqual([
      'restore',
      'delete',
      'create',
    ]);
    // The individually deleted ones are recovered on their own.
    expect((await restoreRecord(t, clinic.clinician, 'entries', e1)).statusCode).toBe(200);
    expect((await readPatient(t, clinic.clinician, patient.id)).entryCount).toBe(2);
  });

  it('refuses a missing or wrong phrase with 422 and keeps it deleted', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'rphrase' });
    await deleteRecord(t, clinic.clinician, 'patients', p.id, 'delete rphrase');
    for (const phrase of [undefined, 'delete rphrase', 'restore other']) {
      expectError(
        await restoreRecord(t, clinic.clinician, 'patients', p.id, phrase),
        422,
        'confirmation_mismatch',
      );
    }
    expectError(await read(t, clinic.clinician, `/api/patients/${p.id}`), 410, 'deleted');
  });

  it('is refused with 409 unique_id_taken while an active patient holds the unique ID', async () => {
    const old = await createPatient(t, clinic.clinician, { uniqueId: 'dup-1' });
    await deleteRecord(t, clinic.clinician, 'patients', old.id, 'delete dup-1');
    const holder = await createPatient(t, clinic.clinician, { uniqueId: 'dup-1' });
    const error = expectError(
      await restoreRecord(t, clinic.clinician, 'patients', old.id, 'restore dup-1'),
      409,
      'unique_id_taken',
    );
    expect(error.message).toMatch(/active patient/i);
    expect(error.message).toContain('dup-1');
    expectError(await read(t, clinic.clinician, `/api/patients/${old.id}`), 410, 'deleted');
    await deleteRecord(t, clinic.clinician, 'patients', holder.id, 'delete dup-1');
    expect((await restoreRecord(t, clinic.clinician, 'patients', old.id, 'restore dup-1')).statusCode).toBe(
      200,
    );
  });

  it('answers 409 not_deleted for an active patient', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'active-1' });
    expectError(
      await restoreRecord(t, clinic.clinician, 'patients', p.id, 'restore active-1'),
      409,
      'not_deleted',
    );
  });

  it('is refused to assistants (403) and for another account (404)', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'rguard' });
    await deleteRecord(t, clinic.clinician, 'patients', p.id, 'delete rguard');
    expectError(
      await restoreRecord(t, clinic.assistant, 'patients', p.id, 'restore rguard'),
      403,
      'forbidden',
    );
    expectError(
      await restoreRecord(t, other.clinician, 'patients', p.id, 'restore rguard'),
      404,
      'not_found',
    );
    expectError(await read(t, clinic.assistant, `/api/patients/${p.id}/deleted-items`), 403, 'forbidden');
    expectError(await read(t, other.clinician, `/api/patients/${p.id}/deleted-items`), 404, 'not_found');
    expectError(await read(t, clinic.clinician, `/api/patients/${p.id}`), 410, 'deleted');
  });

  it('answers 410 expired once the retention has run out, even before any cleanup', async () => {
    const { patient } = await seedRecords(t, clinic.clinician, 'exp-1');
    const del = await deleteRecord(t, clinic.clinician, 'patients', patient.id, 'delete exp-1');
    const expiresAt = new Date(del.json().expiresAt);
    t.clock.set(new Date(expiresAt.getTime() + 1000));
    const error = expectError(
      await restoreRecord(t, clinic.clinician, 'patients', patient.id, 'restore exp-1'),
      410,
      'expired',
    );
    expect(error.details?.expiresAt).toBe(expiresAt.toISOString());
    // Not removed yet (no cleanup ran), yet gone for recovery and from the list.
    expectError(await read(t, clinic.clinician, `/api/patients/${patient.id}`), 410, 'deleted');
    const list = (await read(t, clinic.clinician, '/api/deleted/patients?pageSize=100')).json();
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(patient.id);
  });
});
