import { readdirSync } from 'node:fs';
import type { TestApp, TestUser } from './harness.ts';
import { seedRecords } from './lifecycle.ts';

// Helpers of the expunge and account-deletion tests and of the role × route matrix.

/** The routes that remove something for good, each needing a fresh victim per request. */
export const REMOVAL_ROUTES = [
  'POST /api/patients/:id/expunge',
  'POST /api/entries/:id/expunge',
  'POST /api/images/:id/expunge',
  'DELETE /api/accounts/:id',
];

/** A valid request for one of REMOVAL_ROUTES on a fresh record (or a fresh, empty account). */
export async function removalRequest(
  t: TestApp,
  clinician: TestUser,
  root: TestUser,
  route: string,
  name: string,
) {
  if (route === 'DELETE /api/accounts/:id') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: root.headers,
      payload: { name },
    });
    if (res.statusCode !== 201) throw new Error(`account not created: ${res.body}`);
    return { url: `/api/accounts/${res.json().id}`, payload: { confirmation: `delete account ${name}` } };
  }
  const kind = route.split('/')[2];
  const r = await seedRecords(t, clinician, name, {
    entries: kind === 'entries' ? 1 : 0,
    images: kind === 'images' ? 1 : 0,
  });
  const id = kind === 'entries' ? r.entryIds[0] : kind === 'images' ? r.imageIds[0] : r.patient.id;
  return { url: `/api/${kind}/${id}/expunge` };
}

export const expunge = (t: TestApp, user: { headers: Record<string, string> }, url: string) =>
  t.app.inject({ method: 'POST', url, headers: user.headers });

/** Every stored file (its storage key), whatever it belongs to. */
export function allStoredFiles(t: TestApp): string[] {
  return readdirSync(t.storage.root, { recursive: true })
    .map(String)
    .filter((f) => /\.[a-z]+$/.test(f));
}
