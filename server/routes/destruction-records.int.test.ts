import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliActor } from '../services/context.ts';
import { destructionSalt } from '../services/evidence/deployment-keys.ts';
import { purgeDeletedPatients } from '../services/lifecycle/purge-deleted-patients.ts';
import { expectError } from '../testing/expect-error.ts';
import { makePng } from '../testing/fixtures.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { deleteRecord, read, seedRecords } from '../testing/lifecycle.ts';
import { pdfText } from '../testing/pdf-text.ts';
import { newClinician } from '../testing/users.ts';

// PRODUCT.md §6 "Destruction records": every removal for good (cleanup, confirmed retention cut,
// expunge, purge, account deletion) leaves a record of what it destroyed, with hashed unique IDs and
// the files' hashes; super administrators read it as JSON, CSV and a PDF certificate.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Destruction Clinic');
  root = await createSuperAdmin(t);
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: root.headers,
    payload: { deletionPolicy: 'recoverable', retentionMonths: 12, confirmReduction: true },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

const hashOfUniqueId = (uniqueId: string) =>
  createHash('sha256')
    .update(Buffer.concat([destructionSalt(), Buffer.from(uniqueId, 'utf8')]))
    .digest('hex');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Item {
  kind: string;
  id: string;
  uniqueIdHash: string | null;
  files: { file: string; sha256: string | null }[];
  pacs: { endpoint: string; baseUrl: string }[];
}

const list = async () => {
  const res = await read(t, root, '/api/admin/destruction-records?pageSize=100');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; trigger: string; counts: Record<string, number> }[];
    total: number;
  };
};
const record = async (id: string) => {
  const res = await read(t, root, `/api/admin/destruction-records/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: string; trigger: string; triggeredBy: string; rule: string; items: Item[] };
};
/** The newest record; each test's removal runs a minute after the one before, so it is the newest. */
const newest = async () => {
  const [first] = (await list()).items;
  if (!first) throw new Error('no destruction record');
  return record(first.id);
};

/** The stored files of an image, read before anything removes them: file name → SHA-256. */
async function fileHashes(imageId: string) {
  const res = await t.database.db.execute(
    sql`select original_key, preview_key, thumbnail_key from images where id = ${imageId}`,
  );
  const rows = (res as unknown as { rows: Record<string, string>[] }).rows;
  const [row] = rows;
  if (!row) throw new Error('no image');
  return {
    original: sha256(await t.storage.read(row.original_key as string)),
    preview: sha256(await t.storage.read(row.preview_key as string)),
    thumbnail: sha256(await t.storage.read(row.thumbnail_key as string)),
  };
}

describe('destruction records', () => {
  it('the cleanup names every record it removed, with the hashed unique ID and each file hash', async () => {
    t.clock.set(new Date('2026-01-01T10:00:00Z'));
    const gone = await seedRecords(t, clinic.clinician, 'dr-gone-1', { entries: 2, images: 2 });
    const other = await seedRecords(t, clinic.clinician, 'dr-other-1', { entries: 0, images: 2 });
    const hashes = await fileHashes(gone.imageIds[0] as string);
    await deleteRecord(t, clinic.clinician, 'patients', gone.patient.id, 'delete dr-gone-1');
    await deleteRecord(t, clinic.clinician, 'images', other.imageIds[0] as string);
    expect((await list()).total).toBe(0);

    t.clock.set(new Date('2027-02-01T10:00:00Z'));
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect(run.statusCode, run.body).toBe(200);
    const { items: summaries } = await list();
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.counts).toEqual({
      patients: 1,
      entries: 2,
      images: 3,
      lesions: 0,
      consents: 0,
      users: 0,
      files: 9,
    });
    const r = await newest();
    expect(r).toMatchObject({
      trigger: 'cleanup',
      triggeredBy: root.email,
      rule: expect.stringMatching(/1 year/),
    });
    const byId = new Map(r.items.map((i) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual(
      [gone.patient.id, ...gone.entryIds, ...gone.imageIds, other.imageIds[0]].sort(),
    );
    expect(byId.get(gone.patient.id)?.uniqueIdHash).toBe(hashOfUniqueId('dr-gone-1'));
    expect(byId.get(other.imageIds[0] as string)?.uniqueIdHash).toBe(hashOfUniqueId('dr-other-1'));
    expect(JSON.stringify(r)).not.toContain('dr-gone-1');
    expect(byId.get(gone.imageIds[0] as string)?.files).toEqual([
      { file: 'original', sha256: hashes.original },
      { file: 'preview', sha256: hashes.preview },
      { file: 'thumbnail', sha256: hashes.thumbnail },
    ]);

    // A run that removes nothing has nothing to prove.
    await t.app.inject({ method: 'POST', url: '/api/admin/cleanup', headers: root.headers });
    expect((await list()).total).toBe(1);
  });

  it('a confirmed retention cut names what it removed, deleted users included', async () => {
    t.clock.set(new Date('2027-03-01T10:00:00Z'));
    const p = await seedRecords(t, clinic.clinician, 'dr-cut-1', { entries: 1, images: 0 });
    await deleteRecord(t, clinic.clinician, 'patients', p.patient.id, 'delete dr-cut-1');
    const leaver = await newClinician(t, clinic.admin, clinic.account.id, 'leaver@destruction.test');
    await t.app.inject({ method: 'DELETE', url: `/api/users/${leaver}`, headers: clinic.admin.headers });
    t.clock.set(new Date('2027-06-01T10:00:00Z'));
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { retentionMonths: 2, confirmReduction: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = await newest();
    expect(r).toMatchObject({ trigger: 'retention_cut', triggeredBy: root.email });
    expect(r.rule).toMatch(/2 months/);
    expect(r.items.map((i) => [i.kind, i.id]).sort()).toEqual(
      [
        ['patient', p.patient.id],
        ['entry', p.entryIds[0]],
        ['user', leaver],
      ].sort(),
    );
    const back = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { retentionMonths: 12 },
    });
    expect(back.statusCode, back.body).toBe(200);
  });

  beforeEach(() => t.clock.advance(60_000));

  it('an expunge names the record, and an image sent to a PACS says so on the record and certificate', async () => {
    const p = await seedRecords(t, clinic.clinician, 'dr-pacs-1', { entries: 0, images: 1 });
    const imageId = p.imageIds[0] as string;
    await t.database.db.execute(sql`
      insert into dicom_sends (id, account_id, patient_id, image_id, endpoint_id, endpoint_name, base_url,
        study_instance_uid, sop_instance_uid, first_sent_at, last_sent_at)
      values (${randomUUID()}, ${clinic.account.id}, ${p.patient.id}, ${imageId}, ${randomUUID()}, 'Hospital PACS',
        'https://pacs.example/dicom-web', '1.2.3', '1.2.3.4', now(), now())`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/images/${imageId}/expunge`,
      headers: root.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = await newest();
    expect(r).toMatchObject({ trigger: 'expunge', triggeredBy: root.email });
    expect(r.items).toEqual([
      expect.objectContaining({
        kind: 'image',
        id: imageId,
        uniqueIdHash: hashOfUniqueId('dr-pacs-1'),
        pacs: [{ endpoint: 'Hospital PACS', baseUrl: 'https://pacs.example/dicom-web' }],
      }),
    ]);

    const csv = await read(t, root, `/api/admin/destruction-records/${r.id}/csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^destruction_record,destroyed_at,trigger,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(imageId);
    expect(lines[1]).toContain(hashOfUniqueId('dr-pacs-1'));
    expect(lines[1]).toContain('Hospital PACS (https://pacs.example/dicom-web)');

    const pdf = await read(t, root, `/api/admin/destruction-records/${r.id}/certificate`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The certificate names the backups, the PACS and the CSV it certifies.
    const text = pdfText(pdf.rawPayload);
    const words = (s: string) => s.replace(/\s+/g, '');
    expect(text).toContain(words('Backups taken before this destruction still hold these records'));
    expect(text).toContain(words('Hospital PACS'));
    expect(text).toContain(sha256(Buffer.from(csv.body)));
  });

  it('a consent signature and a purge: one record for the purge, the signature file hashed', async () => {
    const p = await seedRecords(t, clinic.clinician, 'dr-purge-1', { entries: 1, images: 1 });
    const q = await seedRecords(t, clinic.clinician, 'dr-purge-2', { entries: 0, images: 0 });
    const signature = await makePng();
    const consent = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${p.patient.id}/consents`,
      headers: clinic.clinician.headers,
      payload: { method: 'signature', signature: `data:image/png;base64,${signature.toString('base64')}` },
    });
    expect(consent.statusCode, consent.body).toBe(201);
    for (const [x, id] of [
      [p, 'dr-purge-1'],
      [q, 'dr-purge-2'],
    ] as const)
      await deleteRecord(t, clinic.clinician, 'patients', x.patient.id, `delete ${id}`);
    const res = await t.database.db.execute(
      sql`select signature_key from consents where id = ${consent.json().id}`,
    );
    const [stored] = (res as unknown as { rows: { signature_key: string }[] }).rows;
    if (!stored) throw new Error('no consent');
    const signatureHash = sha256(await t.storage.read(stored.signature_key));
    await purgeDeletedPatients({ db: t.database.db, clock: t.clock }, t.storage, cliActor(), {
      physicianId: clinic.clinician.id,
    });
    const r = await newest();
    expect(r).toMatchObject({ trigger: 'purge', triggeredBy: 'operator (command line)' });
    const ids = r.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([p.patient.id, q.patient.id, consent.json().id]));
    expect(r.items.find((i) => i.kind === 'consent')?.files).toEqual([
      { file: 'signature', sha256: signatureHash },
    ]);
  });

  it('an account deletion names its patients, records and users', async () => {
    const other = await seedAccount(t, 'Leaving Clinic');
    const p = await seedRecords(t, other.clinician, 'dr-acct-1', { entries: 1, images: 1 });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/accounts/${other.account.id}`,
      headers: root.headers,
      payload: { confirmation: 'delete account Leaving Clinic' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = await newest();
    expect(r).toMatchObject({ trigger: 'account_deletion', triggeredBy: root.email });
    const ids = r.items.map((i) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        p.patient.id,
        ...p.entryIds,
        ...p.imageIds,
        other.admin.id,
        other.clinician.id,
      ]),
    );
  });

  it('is for super administrators only; an unknown record is 404', async () => {
    const [any] = (await list()).items;
    for (const user of [clinic.admin, clinic.clinician]) {
      expectError(await read(t, user, '/api/admin/destruction-records'), 403, 'forbidden');
      expectError(await read(t, user, `/api/admin/destruction-records/${any?.id}`), 403, 'forbidden');
      expectError(await read(t, user, `/api/admin/destruction-records/${any?.id}/csv`), 403, 'forbidden');
    }
    expectError(await read(t, root, `/api/admin/destruction-records/${randomUUID()}`), 404, 'not_found');
    expectError(
      await read(t, root, `/api/admin/destruction-records/${randomUUID()}/certificate`),
      404,
      'not_found',
    );
    expectError(await read(t, root, '/api/admin/destruction-records/nope'), 404, 'not_found');
  });
});
