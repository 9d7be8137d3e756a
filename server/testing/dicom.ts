import dcmjs from 'dcmjs';
import { loadConfig } from '../config.ts';
import { makeJpeg, makePng, upload } from './fixtures.ts';
import { createPatient, type TestApp, type TestUser } from './harness.ts';

/** The app's DICOM settings with quick retries, so that failing sends end within a test. */
export const quickDicom = () => ({ ...loadConfig({}).dicom, retryDelaysMs: [10, 20] });

/**
 * A patient with three entries (two JPEGs, a PNG, one JPEG in their workspaces) and one more
 * image in the pool only: the DICOM tests' material.
 */
export async function dicomPatient(t: TestApp, user: TestUser, uniqueId: string) {
  const patient = await createPatient(t, user, {
    uniqueId,
    firstName: 'Zoë',
    lastName: 'Martin',
    dateOfBirth: '1980-02-03',
    sex: 'female',
  });
  const files = [
    { filename: 'a.jpg', data: await makeJpeg(64, 48, { r: 200, g: 60, b: 40 }) },
    { filename: 'b.jpg', data: await makeJpeg(33, 21, { r: 20, g: 160, b: 90 }) },
    { filename: 'c.png', data: await makePng(31, 17) },
    { filename: 'd.jpg', data: await makeJpeg(40, 40, { r: 90, g: 90, b: 200 }) },
    { filename: 'pool.png', data: await makePng(12, 9) },
  ];
  const res = await upload(t, user.headers, patient.id, files);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.body}`);
  const byName = new Map<string, string>(
    (res.json().created as Array<{ id: string; filename: string }>).map((i) => [i.filename, i.id]),
  );
  const id = (name: string) => byName.get(name) as string;
  const entries: Array<{ id: string; appointmentAt: string; imageIds: string[] }> = [];
  const plan: Array<[string, string[]]> = [
    ['2026-01-10T10:00:00Z', [id('a.jpg'), id('b.jpg')]],
    ['2026-02-11T11:30:00Z', [id('c.png')]],
    ['2026-03-12T08:15:00Z', [id('d.jpg')]],
  ];
  for (const [appointmentAt, imageIds] of plan) {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/entries`,
      headers: user.headers,
      payload: { appointmentAt },
    });
    const entryId = created.json().id as string;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/entries/${entryId}`,
      headers: user.headers,
      payload: { workspaceImageIds: imageIds },
    });
    if (patched.statusCode !== 200) throw new Error(`workspace: ${patched.body}`);
    entries.push({ id: entryId, appointmentAt, imageIds });
  }
  const originals = new Map(files.map((f) => [id(f.filename), f]));
  return { patient, entries, originals, poolImageId: id('pool.png') };
}

/** A Part 10 file read back: its elements by tag (dcmjs form) and its pixel data bytes. */
export function readDicom(bytes: Buffer) {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = dcmjs.data.DicomMessage.readFile(ab);
  const value = (tag: string) => file.dict[tag]?.Value?.[0];
  const pixel = file.dict['7FE00010']?.Value?.[0] as ArrayBuffer | undefined;
  return { meta: file.meta, dict: file.dict, value, pixels: pixel ? Buffer.from(pixel) : Buffer.alloc(0) };
}

/** The parts of a multipart/related answer (WADO-RS). */
export function multipartParts(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const marker = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(marker);
  while (at >= 0) {
    const next = body.indexOf(marker, at + marker.length);
    if (next < 0) break;
    const part = body.subarray(at + marker.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) parts.push(part.subarray(headerEnd + 4, part.length - 2));
    at = next;
  }
  return parts;
}
