import type { AddressInfo } from 'node:net';
import type { TestApp, TestUser } from './harness.ts';

// Helpers of the FHIR tests: real clients need a real port, not app.inject.

/** Serves the test app on a free local port; returns its origin (`http://127.0.0.1:port`). */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** OAuth2 client credentials for this user, made through the API. */
export async function oauthClient(t: TestApp, user: TestUser, name = 'fhir tests') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/clients',
    headers: user.headers,
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`client not created: ${res.body}`);
  const body = res.json() as { id: string; clientId: string; clientSecret: string };
  return body;
}

/** The bearer token of a test user (an API token), for clients that take one directly. */
export const bearerOf = (user: TestUser) => (user.headers.authorization ?? '').replace(/^Bearer /, '');
