import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthClient } from '../testing/fhir.ts';
import { seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// OAuth2 client credentials (RFC 6749 §4.4): clients per user, the token endpoint, expiry, revocation.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'OAuth Clinic');
});
afterAll(() => t?.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { ...FORM, ...headers },
    payload: new URLSearchParams(form).toString(),
  });
const grant = (c: { clientId: string; clientSecret: string }) =>
  token({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
const me = (accessToken: string) =>
  t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${accessToken}` } });

describe('OAuth2 client credentials', () => {
  it('issues an expiring bearer token that acts as the client’s user', async () => {
    const client = await oauthClient(t, clinic.clinician);
    const res = await grant(client);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^vlm_/),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    expect((await me(body.access_token)).json().user.email).toBe(clinic.clinician.email);

    t.clock.advance(3599_000);
    expect((await me(body.access_token)).statusCode).toBe(200);
    t.clock.advance(2_000);
    expect((await me(body.access_token)).statusCode).toBe(401);
  });

  it('accepts the credentials in an HTTP Basic header too', async () => {
    const client = await oauthClient(t, clinic.assistant);
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const res = await token({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(res.statusCode).toBe(200);
  });

  it('answers RFC 6749 errors, and logs failed attempts', async () => {
    const client = await oauthClient(t, clinic.clinician);
    const wrong = await grant({ ...client, clientSecret: `${client.clientSecret}x` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect((await grant({ clientId: 'vlmc_nobody', clientSecret: 'x' })).json().error).toBe('invalid_client');
    const password = await token({ grant_type: 'password', username: 'a', password: 'b' });
    expect(password.statusCode).toBe(400);
    expect(password.json().error).toBe('unsupported_grant_type');
    expect((await token({ grant_type: 'client_credentials' })).json().error).toBe('invalid_request');
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=auth.client_token_failed',
      headers: clinic.admin.headers,
    });
    expect(audit.json().total).toBeGreaterThanOrEqual(1);
  });

  it('lists the user’s own clients without secrets; revoking ends the client and its tokens', async () => {
    const client = await oauthClient(t, clinic.admin, 'to revoke');
    const issued = (await grant(client)).json().access_token as string;
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/auth/clients',
      headers: clinic.admin.headers,
    });
    expect(list.json().items.map((c: { clientId: string }) => c.clientId)).toContain(client.clientId);
    expect(JSON.stringify(list.json())).not.toContain(client.clientSecret);

    const notMine = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/clients/${client.id}`,
      headers: clinic.clinician.headers,
    });
    expect(notMine.statusCode).toBe(404);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/clients/${client.id}`,
      headers: clinic.admin.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await me(issued)).statusCode).toBe(401);
    expect((await grant(client)).statusCode).toBe(401);
  });
});
