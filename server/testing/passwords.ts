import { TEST_PASSWORD, type TestApp, type TestUser } from './harness.ts';
import { newClinician } from './users.ts';

// Helpers of the password tests and of the role × route matrix.

export const NEW_PASSWORD = 'Quiet-Harbour-Lamp-58';

/** The token a reset link carries in its fragment. */
export const linkToken = (resetUrl: string) => new URL(resetUrl).hash.replace(/^#token=/, '');

/** Issues a reset link for `userId` as `by`; fails loudly unless it is issued. */
export async function issueResetLink(t: TestApp, by: TestUser, userId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/users/${userId}/password-reset`,
    headers: by.headers,
  });
  if (res.statusCode !== 200) throw new Error(`no reset link: ${res.body}`);
  return res.json() as { resetUrl: string; expiresAt: string };
}

/** Signs in with a password an administrator chose, changes it as a first sign-in must, signs out. */
export async function changeFirstPassword(t: TestApp, email: string, password = TEST_PASSWORD) {
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const cookie = (name: string) => login.cookies.find((c) => c.name === name)?.value ?? '';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    cookies: { vellum_session: cookie('vellum_session') },
    headers: { 'x-csrf-token': cookie('vellum_csrf') },
    payload: { currentPassword: password, newPassword: NEW_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`password not changed: ${res.body}`);
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    cookies: { vellum_session: cookie('vellum_session') },
    headers: { 'x-csrf-token': cookie('vellum_csrf') },
  });
  return NEW_PASSWORD;
}

export const PASSWORD_ROUTES = [
  'POST /api/auth/password',
  'POST /api/auth/password-reset',
  'POST /api/users/:id/password-reset',
];

/**
 * Requests of the role × route matrix that leave every matrix user's password as it was: the
 * change goes back to the test password from a temporary one; resets act on fresh users.
 */
export async function passwordRequest(
  t: TestApp,
  root: TestUser,
  accountId: string,
  route: string,
  user: TestUser | undefined,
  email: string,
) {
  switch (route) {
    case 'POST /api/auth/password': {
      if (user) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: user.headers,
          payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
        });
        if (res.statusCode !== 200) throw new Error(`password not changed: ${res.body}`);
      }
      return {
        url: '/api/auth/password',
        payload: { currentPassword: NEW_PASSWORD, newPassword: TEST_PASSWORD },
      };
    }
    case 'POST /api/auth/password-reset': {
      const link = await issueResetLink(t, root, await newClinician(t, root, accountId, email));
      return {
        url: '/api/auth/password-reset',
        payload: { token: linkToken(link.resetUrl), newPassword: NEW_PASSWORD },
      };
    }
    default:
      return { url: `/api/users/${await newClinician(t, root, accountId, email)}/password-reset` };
  }
}
