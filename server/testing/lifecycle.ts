import { readdirSync } from 'node:fs';
import { makeJpeg, upload } from './fixtures.ts';
import { createPatient, type PatientJson, type TestApp, type TestUser } from './harness.ts';

// Helpers of the deletion-lifecycle tests (server/routes/lifecycle-*.int.test.ts).

type Kind = 'patients' | 'entries' | 'images';

/** A patient with some entries and pool images, made through the API. */
export async function seedRecords(
  t: TestApp,
  user: TestUser,
  uniqueId: string,
  opts: { entries?: number; images?: number; extra?: Record<string, unknown> } = {},
) {
  const patient = await createPatient(t, user, { uniqueId, ...opts.extra });
  const entryIds: string[] = [];
  for (let i = 0; i < (opts.entries ?? 1); i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/entries`,
      headers: user.headers,
      payload: { appointmentAt: `2025-12-${String(10 + i).padStart(2, '0')}T10:00:00Z`, notes: `visit ${i}` },
    });
    if (res.statusCode !== 201) throw new Error(`entry not created: ${res.body}`);
    entryIds.push(res.json().id);
  }
  const imageIds: string[] = [];
  const count = opts.images ?? 1;
  if (count > 0) {
    const files = await Promise.all(
      Array.from({ length: count }, async (_, i) => ({
        filename: `p${i}.jpg`,
        data: await makeJpeg(40 + i, 30, { r: 10 * i, g: 80, b: 90 }),
      })),
    );
    const res = await upload(t, user.headers, patient.id, files);
    if (res.statusCode !== 201) throw new Error(`images not uploaded: ${res.body}`);
    imageIds.push(...res.json().created.map((i: { id: string }) => i.id));
  }
  return { patient, entryIds, imageIds };
}

/** The reason the helpers give a patient's deletion, which requires one (PRODUCT.md §6). */
export const TEST_REASON = { reason: 'duplicate' } as const;

/** Deletes one record; a patient with TEST_REASON unless `why` says otherwise ({} for none). */
export const deleteRecord = (
  t: TestApp,
  user: { headers: Record<string, string> },
  kind: Kind,
  id: string,
  confirmation?: string,
  why: Record<string, unknown> = kind === 'patients' ? TEST_REASON : {},
) => {
  const payload = { ...why, ...(confirmation !== undefined ? { confirmation } : {}) };
  return t.app.inject({
    method: 'DELETE',
    url: `/api/${kind}/${id}`,
    headers: user.headers,
    ...(Object.keys(payload).length > 0 ? { payload } : {}),
  });
};

export const restoreRecord = (
  t: TestApp,
  user: { headers: Record<string, string> },
  kind: Kind,
  id: string,
  confirmation?: string,
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/${kind}/${id}/restore`,
    headers: user.headers,
    ...(confirmation !== undefined ? { payload: { confirmation } } : {}),
  });

export const read = (t: TestApp, user: { headers: Record<string, string> }, url: string) =>
  t.app.inject({ method: 'GET', url, headers: user.headers });

export async function readPatient(t: TestApp, user: TestUser, id: string): Promise<PatientJson> {
  const res = await read(t, user, `/api/patients/${id}`);
  if (res.statusCode !== 200) throw new Error(`patient ${id} not readable: ${res.body}`);
  return res.json();
}

/** Stored files whose storage key names one of these ids. */
export function storedFilesOf(t: TestApp, ...ids: string[]): string[] {
  return readdirSync(t.storage.root, { recursive: true })
    .map(String)
    .filter((f) => /\.[a-z]+$/.test(f) && ids.some((id) => f.includes(id)));
}

/** The routes that delete or recover one record: which record, and whether it must be deleted first. */
export const LIFECYCLE_ROUTES: Record<string, [kind: 'patient' | 'entry' | 'image', deleted: boolean]> = {
  'DELETE /api/patients/:id': ['patient', false],
  'POST /api/patients/:id/restore': ['patient', true],
  'DELETE /api/entries/:id': ['entry', false],
  'POST /api/entries/:id/restore': ['entry', true],
  'DELETE /api/images/:id': ['image', false],
  'POST /api/images/:id/restore': ['image', true],
};

/** A valid request for one of LIFECYCLE_ROUTES on a fresh record (of a fresh patient). */
export async function lifecycleRequest(t: TestApp, user: TestUser, route: string, uniqueId: string) {
  const [kind, deleted] = LIFECYCLE_ROUTES[route] ?? ['patient', false];
  const r = await seedRecords(t, user, uniqueId, {
    entries: kind === 'entry' ? 1 : 0,
    images: kind === 'image' ? 1 : 0,
  });
  const plural = ({ patient: 'patients', entry: 'entries', image: 'images' } as const)[kind];
  const id = (kind === 'entry' ? r.entryIds[0] : kind === 'image' ? r.imageIds[0] : r.patient.id) ?? '';
  const url = `/api/${plural}/${id}`;
  if (deleted) {
    const res = await deleteRecord(
      t,
      user,
      plural,
      id,
      kind === 'patient' ? `delete ${uniqueId}` : undefined,
    );
    if (res.statusCode !== 200) throw new Error(`could not delete ${url}: ${res.body}`);
  }
  const phrase =
    kind !== 'patient'
      ? {}
      : deleted
        ? { payload: { confirmation: `restore ${uniqueId}` } }
        : { payload: { confirmation: `delete ${uniqueId}`, ...TEST_REASON } };
  return { url: deleted ? `${url}/restore` : url, ...phrase };
}

/** A valid request to place or release a legal hold, on a fresh patient (held first to release). */
export async function holdRequest(
  t: TestApp,
  clinic: { clinician: TestUser; admin: TestUser },
  route: string,
  uniqueId: string,
) {
  const patient = await createPatient(t, clinic.clinician, { uniqueId });
  const url = `/api/patients/${patient.id}/hold`;
  if (route.startsWith('POST')) return { url, payload: { reason: 'matrix' } };
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: clinic.admin.headers,
    payload: { reason: 'matrix' },
  });
  if (res.statusCode !== 200) throw new Error(`could not hold ${url}: ${res.body}`);
  return { url };
}
