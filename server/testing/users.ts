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
  'POST /api/users/:id/restore',
  'POST /api/users/:id/totp/reset',
];

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
  if (route === 'POST /api/users/:id/totp/reset') return { url: `/api/users/${id}/totp/reset` };
  const res = await t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: root.headers });
  if (res.statusCode !== 200) throw new Error(`user not deleted: ${res.body}`);
  return { url: `/api/users/${id}/restore` };
}
