import { TEST_PASSWORD, type TestApp, type TestUser } from './harness.ts';

// Helpers of the user-deletion tests and of the role × route matrix.

/** Creates a clinician in the account through the API (as `by`) and returns its id. */
export async function newClinician(t: TestApp, by: TestUser, accountId: string, email: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: by.headers,
    payload: { email, password: TEST_PASSWORD, role: 'clinician', accountId },
  });
  if (res.statusCode !== 201) throw new Error(`user not created: ${res.body}`);
  return res.json().id as string;
}

export const USER_LIFECYCLE_ROUTES = [
  'DELETE /api/users/:id',
  'PATCH /api/users/:id',
  'POST /api/users/:id/restore',
  'POST /api/users/:id/totp/reset',
  'GET /api/users/:id/credentials',
  'DELETE /api/users/:id/credentials/tokens/:tokenId',
  'DELETE /api/users/:id/credentials/clients/:clientId',
];

/** A personal token or an OAuth client made by the user itself (signed in with its password). */
async function credentialOf(t: TestApp, email: string, kind: 'tokens' | 'clients') {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  const cookie = (name: string) => login.cookies.find((c) => c.name === name)?.value ?? '';
  const session = {
    cookies: { vellum_session: cookie('vellum_session') },
    headers: { 'x-csrf-token': cookie('vellum_csrf') },
  };
  // An administrator chose the password: the user changes it before doing anything else.
  const changed = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    ...session,
    payload: { currentPassword: TEST_PASSWORD, newPassword: 'Quartz-Lantern-Orbit-73' },
  });
  if (changed.statusCode !== 200) throw new Error(`password not changed: ${changed.body}`);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/auth/${kind}`,
    ...session,
    payload: { name: 'matrix' },
  });
  if (res.statusCode !== 201) throw new Error(`credential not created: ${res.body}`);
  return res.json().id as string;
}

/** A valid request for one of USER_LIFECYCLE_ROUTES on a fresh user (deleted first, to be recovered). */
export async function userLifecycleRequest(
  t: TestApp,
  root: TestUser,
  accountId: string,
  route: string,
  email: string,
) {
  const id = await newClinician(t, root, accountId, email);
  if (route === 'DELETE /api/users/:id') return { url: `/api/users/${id}` };
  if (route === 'PATCH /api/users/:id') return { url: `/api/users/${id}`, payload: { role: 'assistant' } };
  if (route === 'POST /api/users/:id/totp/reset') return { url: `/api/users/${id}/totp/reset` };
  if (route === 'GET /api/users/:id/credentials') return { url: `/api/users/${id}/credentials` };
  for (const kind of ['tokens', 'clients'] as const)
    if (route.startsWith(`DELETE /api/users/:id/credentials/${kind}/`))
      return { url: `/api/users/${id}/credentials/${kind}/${await credentialOf(t, email, kind)}` };
  const res = await t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: root.headers });
  if (res.statusCode !== 200) throw new Error(`user not deleted: ${res.body}`);
  return { url: `/api/users/${id}/restore` };
}
