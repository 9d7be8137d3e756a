import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomSends } from '../db/schema-dicom.ts';
import { dicomPatient, multipartParts, quickDicom, readDicom } from '../testing/dicom.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { freePort, startOrthanc, type TestOrthanc } from '../testing/orthanc.ts';

// Sending to a real PACS: a private Orthanc with its DICOMweb plugin, read back with QIDO-RS and
// WADO-RS; re-sending, transient failures and an unreachable PACS.

let t: TestApp;
let pacs: TestOrthanc;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let flaky: Server | undefined;
// biome-ignore lint/suspicious/noExplicitAny: DICOM JSON read back from the PACS
type Dataset = Record<string, any>;

beforeAll(async () => {
  pacs = await startOrthanc();
  t = await startTestApp({ dicom: quickDicom() });
  clinic = await seedAccount(t, 'PACS Clinic');
  root = await createSuperAdmin(t);
}, 60_000);
afterAll(async () => {
  flaky?.close();
  await t?.close();
  await pacs?.stop();
});

async function endpoint(name: string, baseUrl: string, auth = true) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/admin/dicom-endpoints',
    headers: root.headers,
    payload: {
      accountId: clinic.account.id,
      name,
      baseUrl,
      ...(auth ? { authKind: 'basic', username: pacs.username, secret: pacs.password } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const send = (patientId: string, endpointId: string, user = clinic.clinician) =>
  t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/dicom/send`,
    headers: user.headers,
    payload: { endpointId },
  });

const status = (patientId: string, endpointId: string) =>
  t.app.inject({
    url: `/api/patients/${patientId}/dicom/status?endpointId=${endpointId}`,
    headers: clinic.clinician.headers,
  });

describe('sending to a PACS (Orthanc, DICOMweb)', () => {
  it('sends a patient with three entries; QIDO-RS and WADO-RS give back the attributes and the pixels', async () => {
    const { patient, entries, originals, poolImageId } = await dicomPatient(t, clinic.clinician, 'pacs-1');
    const orthanc = await endpoint('Orthanc', pacs.dicomweb);
    const before = (await status(patient.id, orthanc)).json();
    expect(before.reachable).toBe(true);
    expect(before.images.filter((i: { inPacs: boolean }) => i.inPacs)).toEqual([]);

    const res = await send(patient.id, orthanc);
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json();
    expect(sent).toMatchObject({ sent: 5, failed: 0 });
    expect(sent.results.map((r: { entryId: string | null }) => r.entryId)).toEqual([
      entries[0]?.id,
      entries[0]?.id,
      entries[1]?.id,
      entries[2]?.id,
      null,
    ]);

    const studies = (await (await pacs.get(`/studies?PatientID=${patient.uniqueId}`)).json()) as Dataset[];
    expect(studies).toHaveLength(4);
    const studyOf = (uid: string) => studies.find((s) => s['0020000D']?.Value[0] === uid) as Dataset;
    for (const [i, e] of entries.entries()) {
      const uid = sent.results.find((r: { entryId: string }) => r.entryId === e.id).studyInstanceUid;
      const study = studyOf(uid);
      expect(study['00080020'].Value[0]).toBe(e.appointmentAt.slice(0, 10).replace(/-/g, ''));
      expect(study['00100010'].Value[0].Alphabetic).toBe('Martin^Zoë');
      expect(study['00100020'].Value[0]).toBe('pacs-1');
      expect(study['00100030'].Value[0]).toBe('19800203');
      expect(i).toBeLessThan(3);
    }

    for (const r of sent.results) {
      const wado = await pacs.get(
        `/studies/${r.studyInstanceUid}/series/${await seriesOf(r.studyInstanceUid)}/instances/${r.sopInstanceUid}`,
        'multipart/related; type="application/dicom"; transfer-syntax=*',
      );
      expect(wado.status).toBe(200);
      const [part] = multipartParts(
        Buffer.from(await wado.arrayBuffer()),
        wado.headers.get('content-type') ?? '',
      );
      const back = readDicom(part as Buffer);
      expect(back.value('00080018')).toBe(r.sopInstanceUid);
      expect(back.value('00100040')).toBe('F');
      expect(back.value('00100021')).toBe('VELLUM');
      const original = originals.get(r.imageId);
      if (!original) throw new Error('unknown image');
      if (original.filename.endsWith('.jpg')) {
        // The JPEG travels as it was stored: the same bytes come back (one padding byte at most).
        expect(back.meta['00020010']?.Value?.[0]).toBe('1.2.840.10008.1.2.4.50');
        expect(back.pixels.subarray(0, original.data.length).equals(original.data)).toBe(true);
      } else {
        const raw = await sharp(original.data)
          .flatten({ background: '#ffffff' })
          .removeAlpha()
          .raw()
          .toBuffer();
        expect(back.value('00280004')).toBe('RGB');
        expect(back.pixels.subarray(0, raw.length).equals(raw)).toBe(true);
      }
    }

    const after = (await status(patient.id, orthanc)).json();
    expect(after.images).toHaveLength(5);
    expect(after.images.every((i: { inPacs: boolean }) => i.inPacs)).toBe(true);
    expect(after.images.map((i: { imageId: string }) => i.imageId)).toContain(poolImageId);
    const records = await t.database.db.select().from(dicomSends).where(eq(dicomSends.patientId, patient.id));
    expect(records).toHaveLength(5);
  });

  it('re-sending gives the same UIDs and leaves one copy of each image in the PACS', async () => {
    const { patient } = await dicomPatient(t, clinic.clinician, 'pacs-2');
    const orthanc = await endpoint('Orthanc again', pacs.dicomweb);
    const first = (await send(patient.id, orthanc)).json();
    const second = (await send(patient.id, orthanc)).json();
    expect(second).toMatchObject({ sent: 5, failed: 0 });
    const uids = (r: { results: Array<{ sopInstanceUid: string }> }) =>
      r.results.map((x) => x.sopInstanceUid);
    expect(uids(second)).toEqual(uids(first));
    const instances = await (await pacs.get(`/instances?PatientID=${patient.uniqueId}`)).json();
    expect(instances).toHaveLength(5);
    const records = await t.database.db.select().from(dicomSends).where(eq(dicomSends.patientId, patient.id));
    expect(records).toHaveLength(5);
  });

  it('an unreachable PACS gives each image a clear error and loses nothing', async () => {
    const { patient } = await dicomPatient(t, clinic.clinician, 'pacs-3');
    const closed = await endpoint('Nowhere', `http://127.0.0.1:${await freePort()}/dicom-web`);
    const res = await send(patient.id, closed);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ sent: 0, failed: 5 });
    for (const r of body.results) {
      expect(r).toMatchObject({ status: 'failed', attempts: 3 });
      expect(r.error).toMatch(/connection refused \(after 3 attempts\)/);
    }
    const images = await t.app.inject({
      url: `/api/patients/${patient.id}/images`,
      headers: clinic.clinician.headers,
    });
    expect(images.json().total).toBe(5);
    expect(await t.database.db.select().from(dicomSends).where(eq(dicomSends.patientId, patient.id))).toEqual(
      [],
    );
    const s = (await status(patient.id, closed)).json();
    expect(s).toMatchObject({ reachable: false, error: 'connection refused', images: [] });
    // The same images go once the PACS answers.
    expect((await send(patient.id, await endpoint('Orthanc late', pacs.dicomweb))).json()).toMatchObject({
      sent: 5,
    });
  });

  it('retries a PACS that answers 503 and gives up on one that always does', async () => {
    const { patient } = await dicomPatient(t, clinic.clinician, 'pacs-4');
    let calls = 0;
    const port = await freePort();
    flaky = createServer(async (req, res) => {
      calls += 1;
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url?.includes('always') || calls % 2 === 1) {
        res.writeHead(503).end();
        return;
      }
      const forwarded = await fetch(`${pacs.dicomweb}${req.url?.replace('/flaky', '')}`, {
        method: 'POST',
        headers: { ...(req.headers as Record<string, string>), host: '' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(forwarded.status, {
        'content-type': forwarded.headers.get('content-type') ?? 'text/plain',
      });
      res.end(Buffer.from(await forwarded.arrayBuffer()));
    });
    await new Promise<void>((r) => flaky?.listen(port, '127.0.0.1', r));
    const sometimes = (
      await send(patient.id, await endpoint('Flaky', `http://127.0.0.1:${port}/flaky`))
    ).json();
    expect(sometimes).toMatchObject({ sent: 5, failed: 0 });
    expect(sometimes.results.every((r: { attempts: number }) => r.attempts === 2)).toBe(true);
    const never = (await send(patient.id, await endpoint('Down', `http://127.0.0.1:${port}/always`))).json();
    expect(never).toMatchObject({ sent: 0, failed: 5 });
    expect(never.results[0].error).toBe('the PACS answered 503 (after 3 attempts)');
  });

  it('lets clinicians and admins send, not assistants; another account sees no such patient', async () => {
    const { patient } = await dicomPatient(t, clinic.clinician, 'pacs-5');
    const orthanc = await endpoint('Orthanc five', pacs.dicomweb);
    expect((await send(patient.id, orthanc, clinic.assistant)).statusCode).toBe(403);
    const other = await seedAccount(t, 'Elsewhere');
    expect((await send(patient.id, orthanc, other.clinician)).statusCode).toBe(404);
    expect((await send(patient.id, orthanc, clinic.admin)).json()).toMatchObject({ sent: 5 });
    const audit = await t.app.inject({
      url: `/api/audit?action=dicom.send&patientId=${patient.id}`,
      headers: clinic.admin.headers,
    });
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        action: 'dicom.send',
        details: expect.objectContaining({ endpoint: 'Orthanc five', sent: 5, failed: 0 }),
      }),
    ]);
  });
});

async function seriesOf(study: string): Promise<string> {
  const series = (await (await pacs.get(`/studies/${study}/series`)).json()) as Dataset[];
  return series[0]?.['0020000E'].Value[0];
}
