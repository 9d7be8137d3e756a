import { randomUUID } from 'node:crypto';
import { totpCode } from '../domain/totp.ts';
import { TEST_PASSWORD, type TestApp, type TestUser } from './harness.ts';

// Requests of the role × route matrix for the signed-in user's own security routes.

export const MY_SECURITY_ROUTES = [
  'GET /api/auth/totp',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/enable',
  'POST /api/auth/totp/disable',
  'GET /api/auth/tokens',
  'DELETE /api/auth/tokens/:id',
];

/**
 * Enabling needs a pending secret and its current code; disabling with the password turns the
 * second factor off again (the matrix runs its rows in order), so later sign-ins need no code.
 */
export async function mySecurityRequest(t: TestApp, route: string, user: TestUser | undefined) {
  const call = (method: 'POST', url: string, payload: object) =>
    t.app.inject({ method, url, headers: user?.headers ?? {}, payload });
  switch (route) {
    case 'POST /api/auth/totp/setup':
      return { url: '/api/auth/totp/setup', payload: {} };
    case 'POST /api/auth/totp/enable': {
      if (!user) return { url: '/api/auth/totp/enable', payload: { code: '000000' } };
      const { secret } = (await call('POST', '/api/auth/totp/setup', {})).json();
      return { url: '/api/auth/totp/enable', payload: { code: totpCode(secret, t.clock.now()) } };
    }
    case 'POST /api/auth/totp/disable':
      return { url: '/api/auth/totp/disable', payload: { password: TEST_PASSWORD } };
    case 'DELETE /api/auth/tokens/:id': {
      if (!user) return { url: `/api/auth/tokens/${randomUUID()}` };
      const { id } = (await call('POST', '/api/auth/tokens', { name: 'matrix revoke' })).json();
      return { url: `/api/auth/tokens/${id}` };
    }
    default:
      return { url: route.split(' ')[1] ?? '' };
  }
}
