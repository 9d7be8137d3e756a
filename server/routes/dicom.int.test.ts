import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomPatient, quickDicom, readDicom } from '../testing/dicom.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { dciodvfy } from '../testing/orthanc.ts';

// DICOM export: every object a valid VL Photographic Image (dciodvfy), zips with a DICOMDIR, the
// access rules of any clinical read; the Manager's endpoints keep their secrets.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let dir: string;

beforeAll(async () => {
  t = await startTestApp({ dicom: { ...quickDicom(), accession: 'entry', issuer: 'CLINIC-A' } });
  clinic = await seedAccount(t, 'DICOM Clinic');
  other = await seedAccount(t, 'Other DICOM Clinic');
  root = await createSuperAdmin(t);
  dir = mkdtempSync(path.join(tmpdir(), 'vellum-dicom-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, user: TestUser = clinic.clinician) => t.app.inject({ url, headers: user.headers });

/** Writes the files out and runs dciodvfy on each; returns the errors by file. */
function validate(files: Record<string, Uint8Array>) {
  const errors: Record<string, string[]> = {};
  const sub = mkdtempSync(path.join(dir, 'set-'));
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(sub, name.replace(/\//g, '_'));
    writeFileSync(file, data);
    errors[name] = dciodvfy(file).errors;
  }
  return errors;
}

describe('DICOM export', () => {
  it('exports a whole patient as a zip with a DICOMDIR; every object and the directory validate', async () => {
    const { patient, entries } = await dicomPatient(t, clinic.clinician, 'dcm-1');
    const res = await get(`/api/patients/${patient.id}/dicom`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('vellum-dcm-1-dicom.zip');
    const files = unzipSync(res.rawPayload);
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(6);
    expect(names).toContain('DICOMDIR');
    expect(Object.values(validate(files)).flat()).toEqual([]);

    const objects = names
      .filter((n) => n !== 'DICOMDIR')
      .map((n) => readDicom(Buffer.from(files[n] as Uint8Array)));
    const studies = new Set(objects.map((o) => o.value('0020000D')));
    expect(studies.size).toBe(4);
    const first = objects.find((o) => o.value('00080020') === '20260110');
    expect(first?.value('00080016')).toBe('1.2.840.10008.5.1.4.1.1.77.1.4');
    expect(first?.value('00080060')).toBe('XC');
    expect(first?.value('00100020')).toBe('dcm-1');
    expect(first?.value('00100021')).toBe('CLINIC-A');
    expect(first?.value('00080050')).toBe(entries[0]?.id.replace(/-/g, '').slice(0, 16).toUpperCase());
    expect(first?.value('00080030')).toBe('100000');
    expect(objects.filter((o) => o.meta['00020010']?.Value?.[0] === '1.2.840.10008.1.2.4.50')).toHaveLength(
      3,
    );
    expect(objects.filter((o) => o.meta['00020010']?.Value?.[0] === '1.2.840.10008.1.2.1')).toHaveLength(2);
    const dirRecords = readDicom(Buffer.from(files.DICOMDIR as Uint8Array)).dict['00041220']?.Value ?? [];
    expect(dirRecords).toHaveLength(1 + 4 + 4 + 5);

    const audit = await get(`/api/audit?action=dicom.export&patientId=${patient.id}`, clinic.admin);
    expect(audit.json().items).toEqual([
      expect.objectContaining({ targetType: 'patient', details: expect.objectContaining({ instances: 5 }) }),
    ]);
  });

  it('exports one entry as a zip and one image as a single file, with the same UIDs each time', async () => {
    const { entries } = await dicomPatient(t, clinic.clinician, 'dcm-2');
    const entry = entries[0];
    if (!entry) throw new Error('no entry');
    const zip = await get(`/api/entries/${entry.id}/dicom`, clinic.assistant);
    expect(zip.statusCode, zip.body).toBe(200);
    const files = unzipSync(zip.rawPayload);
    expect(Object.keys(files)).toHaveLength(3);
    expect(Object.values(validate(files)).flat()).toEqual([]);

    const one = await get(`/api/images/${entry.imageIds[1]}/dicom`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('application/dicom');
    const again = await get(`/api/images/${entry.imageIds[1]}/dicom`);
    const a = readDicom(one.rawPayload);
    const b = readDicom(again.rawPayload);
    expect(a.value('00080018')).toBe(b.value('00080018'));
    expect(a.value('0020000D')).toBe(b.value('0020000D'));
    const inZip = Object.entries(files)
      .filter(([n]) => n !== 'DICOMDIR')
      .map(([, d]) => readDicom(Buffer.from(d)).value('00080018'));
    expect(inZip).toContain(a.value('00080018'));
    expect(validate({ one: one.rawPayload }).one).toEqual([]);
  });

  it('answers another account 404 and the super administrator 403', async () => {
    const { patient, entries } = await dicomPatient(t, clinic.clinician, 'dcm-3');
    const entryId = entries[0]?.id as string;
    const imageId = entries[0]?.imageIds[0] as string;
    for (const url of [
      `/api/patients/${patient.id}/dicom`,
      `/api/entries/${entryId}/dicom`,
      `/api/images/${imageId}/dicom`,
    ]) {
      expect((await get(url, other.clinician)).statusCode, url).toBe(404);
      expect((await get(url, root)).statusCode, url).toBe(403);
    }
  });
});

describe('DICOMweb endpoints in the Manager', () => {
  const create = (payload: Record<string, unknown>, user: TestUser = root) =>
    t.app.inject({ method: 'POST', url: '/api/admin/dicom-endpoints', headers: user.headers, payload });

  it('stores endpoints per account and never returns a secret', async () => {
    const res = await create({
      accountId: clinic.account.id,
      name: 'Hospital PACS',
      baseUrl: 'https://pacs.example.org/dicom-web',
      authKind: 'bearer',
      secret: 'token-never-shown',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('token-never-shown');
    expect(res.json()).toMatchObject({ name: 'Hospital PACS', authKind: 'bearer', hasSecret: true });
    const id = res.json().id;
    const list = await get(`/api/admin/dicom-endpoints?accountId=${clinic.account.id}`, root);
    expect(list.body).not.toContain('token-never-shown');
    expect(list.json().items.map((e: { id: string }) => e.id)).toContain(id);
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/dicom-endpoints/${id}`,
      headers: root.headers,
      payload: { name: 'Hospital PACS (main)' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Hospital PACS (main)', hasSecret: true });
    expect(renamed.body).not.toContain('token-never-shown');

    expect((await get('/api/dicom-endpoints')).json().items).toContainEqual({
      id,
      name: 'Hospital PACS (main)',
    });
    expect((await get('/api/dicom-endpoints', other.clinician)).json().items).toEqual([]);
    const { patient } = await dicomPatient(t, other.clinician, 'dcm-4');
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/dicom/send`,
      headers: other.clinician.headers,
      payload: { endpointId: id },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toMatch(/endpoint/);

    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/dicom-endpoints/${id}`,
      headers: root.headers,
    });
    expect(gone.statusCode).toBe(204);
  });

  it('refuses incomplete authentication, a taken name, and anyone but the super administrator', async () => {
    const base = { accountId: clinic.account.id, baseUrl: 'http://pacs.local/dicom-web' };
    expect((await create({ ...base, name: 'No user', authKind: 'basic', secret: 'x' })).statusCode).toBe(422);
    expect((await create({ ...base, name: 'No token', authKind: 'bearer' })).statusCode).toBe(422);
    expect((await create({ ...base, name: 'Bad URL', baseUrl: 'ftp://pacs.local' })).statusCode).toBe(422);
    expect((await create({ ...base, name: 'Twice' })).statusCode).toBe(201);
    const twice = await create({ ...base, name: 'Twice' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('name_taken');
    expect((await create({ ...base, name: 'By admin' }, clinic.admin)).statusCode).toBe(403);
  });

  it('goes with its account when the account is deleted (its secret with it)', async () => {
    const leaving = await seedAccount(t, 'Leaving Clinic');
    const made = await create({
      accountId: leaving.account.id,
      name: 'Their PACS',
      baseUrl: 'http://pacs.leaving/dicom-web',
      authKind: 'basic',
      username: 'u',
      secret: 'p',
    });
    expect(made.statusCode).toBe(201);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/accounts/${leaving.account.id}`,
      headers: root.headers,
      payload: { confirmation: 'delete account Leaving Clinic' },
    });
    expect(gone.statusCode, gone.body).toBe(200);
    const list = await get(`/api/admin/dicom-endpoints?accountId=${leaving.account.id}`, root);
    expect(list.json().items).toEqual([]);
  });
});
