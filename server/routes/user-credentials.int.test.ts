import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthClient } from '../testing/fhir.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// Personal tokens expire and record their last use; admins list and revoke a user's tokens and
// OAuth clients; deleting a user revokes its clients too, and restoring it revives no credential.
let t: TestApp;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

let n = 0;
const clinicOf = () => seedAccount(t, `Credential Clinic ${++n}`);
const DAY = 86_400_000;

const newToken = (user: TestUser, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: user.headers, payload });
const me = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
const grant = (c: { clientId: string; clientSecret: string }) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }).toString(),
  });

describe('personal token expiry and last use', () => {
  it('expires after 90 days by default, after expiresInDays when given, never with null', async () => {
    const { clinician } = await clinicOf();
    const byDefault = await newToken(clinician, { name: 'default' });
    expect(byDefault.statusCode).toBe(201);
    const d = byDefault.json() as { token: string; createdAt: string; expiresAt: string };
    expect(new Date(d.expiresAt).getTime() - new Date(d.createdAt).getTime()).toBe(90 * DAY);
    const week = (await newToken(clinician, { name: 'week', expiresInDays: 7 })).json();
    expect(new Date(week.expiresAt).getTime() - new Date(week.createdAt).getTime()).toBe(7 * DAY);
    const forever = (await newToken(clinician, { name: 'forever', expiresInDays: null })).json();
    expect(forever.expiresAt).toBeNull();
    t.clock.advance(7 * DAY);
    expect((await me(week.token)).statusCode).toBe(401);
    expect((await me(d.token)).statusCode).toBe(200);
    t.clock.advance(83 * DAY);
    expect((await me(d.token)).statusCode).toBe(401);
    expect((await me(forever.token)).statusCode).toBe(200);
  });

  it('refuses an expiry of 0 or 10,000 days with 422, and creates nothing', async () => {
    const { clinician } = await clinicOf();
    const count = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: clinician.headers })).json()
        .total;
    const before = await count();
    for (const expiresInDays of [0, 10_000, 1.5, '30']) {
      const res = await newToken(clinician, { name: 'bad', expiresInDays });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect(await count()).toBe(before);
  });

  it('records when a token was last used', async () => {
    const { clinician } = await clinicOf();
    const made = (await newToken(clinician, { name: 'used' })).json();
    const listed = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: clinician.headers }))
        .json()
        .items.find((i: { id: string }) => i.id === made.id);
    expect((await listed()).lastUsedAt).toBeNull();
    expect((await me(made.token)).statusCode).toBe(200);
    expect((await listed()).lastUsedAt).not.toBeNull();
    expect((await listed()).expiresAt).toBe(made.expiresAt);
  });
});

describe('deleting and restoring a user', () => {
  it('revokes its OAuth clients too; restoring revives no credential', async () => {
    const clinic = await clinicOf();
    const client = await oauthClient(t, clinic.clinician);
    expect((await grant(client)).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${clinic.clinician.id}`,
      headers: clinic.admin.headers,
    });
    expect(del.statusCode).toBe(200);
    expect((await grant(client)).statusCode).toBe(401);
    const restore = await t.app.inject({
      method: 'POST',
      url: `/api/users/${clinic.clinician.id}/restore`,
      headers: clinic.admin.headers,
    });
    expect(restore.statusCode).toBe(200);
    expect((await grant(client)).statusCode).toBe(401);
    const bearer = clinic.clinician.headers.authorization?.replace('Bearer ', '') ?? '';
    expect((await me(bearer)).statusCode).toBe(401);
  });
});

describe("a user's credentials, for admins", () => {
  const list = (by: TestUser, userId: string) =>
    t.app.inject({ method: 'GET', url: `/api/users/${userId}/credentials`, headers: by.headers });

  it('lists tokens and clients with name, created, last used and expiry; revokes one of each', async () => {
    const clinic = await clinicOf();
    const made = (await newToken(clinic.clinician, { name: 'script', expiresInDays: 30 })).json();
    const client = await oauthClient(t, clinic.clinician, 'integration');
    const res = await list(clinic.admin, clinic.clinician.id);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.tokens).toContainEqual({
      id: made.id,
      name: 'script',
      createdAt: made.createdAt,
      lastUsedAt: null,
      expiresAt: made.expiresAt,
    });
    expect(body.clients).toEqual([
      expect.objectContaining({
        id: client.id,
        clientId: client.clientId,
        name: 'integration',
        expiresAt: null,
      }),
    ]);
    const revokeToken = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${clinic.clinician.id}/credentials/tokens/${made.id}`,
      headers: clinic.admin.headers,
    });
    expect(revokeToken.statusCode).toBe(204);
    expect((await me(made.token)).statusCode).toBe(401);
    const revokeClient = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${clinic.clinician.id}/credentials/clients/${client.id}`,
      headers: root.headers,
    });
    expect(revokeClient.statusCode).toBe(204);
    expect((await grant(client)).statusCode).toBe(401);
    const after = (await list(clinic.admin, clinic.clinician.id)).json();
    expect(after.tokens.map((x: { id: string }) => x.id)).not.toContain(made.id);
    expect(after.clients).toEqual([]);
  });

  it("is 404 for another account's user or credential, 403 below admin", async () => {
    const [home, other] = [await clinicOf(), await clinicOf()];
    const made = (await newToken(home.clinician, { name: 'kept' })).json();
    expect((await list(other.admin, home.clinician.id)).statusCode).toBe(404);
    const across = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${home.clinician.id}/credentials/tokens/${made.id}`,
      headers: other.admin.headers,
    });
    expect(across.statusCode).toBe(404);
    // A token of one user named under another user of the same account is not found either.
    const mismatched = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${home.assistant.id}/credentials/tokens/${made.id}`,
      headers: home.admin.headers,
    });
    expect(mismatched.statusCode).toBe(404);
    expect((await list(home.clinician, home.assistant.id)).statusCode).toBe(403);
    expect((await me(made.token)).statusCode).toBe(200);
  });
});
