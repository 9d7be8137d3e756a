import { createPatient, type TestApp, type TestUser } from './harness.ts';

// The lesion routes of the deletion lifecycle in the role × route matrix: a fresh lesion each time.

export const LESION_LIFECYCLE_ROUTES = [
  'DELETE /api/lesions/:id',
  'POST /api/lesions/:id/restore',
  'POST /api/lesions/:id/expunge',
];

/** A valid request for one of LESION_LIFECYCLE_ROUTES on a fresh lesion (deleted first to recover). */
export async function lesionLifecycleRequest(
  t: TestApp,
  clinician: TestUser,
  route: string,
  uniqueId: string,
) {
  const patient = await createPatient(t, clinician, { uniqueId });
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patient.id}/lesions`,
    headers: clinician.headers,
    payload: { site: { view: 'front', x: 0.5, y: 0.3 } },
  });
  if (created.statusCode !== 201) throw new Error(`lesion not created: ${created.body}`);
  const url = `/api/lesions/${created.json().id}`;
  if (route === 'DELETE /api/lesions/:id') return { url, payload: { reason: 'duplicate' } };
  if (route === 'POST /api/lesions/:id/expunge') return { url: `${url}/expunge` };
  const res = await t.app.inject({ method: 'DELETE', url, headers: clinician.headers });
  if (res.statusCode !== 200) throw new Error(`could not delete ${url}: ${res.body}`);
  return { url: `${url}/restore` };
}
