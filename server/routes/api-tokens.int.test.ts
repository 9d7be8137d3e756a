import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthClient } from '../testing/fhir.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// Personal API tokens: listed without their secret, revoked by their owner only.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Token Clinic');
});
afterAll(() => t?.close());

const inject = (user: TestUser, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, payload });

describe('personal API tokens', () => {
  it('lists the caller’s own tokens, without secrets and without OAuth access tokens', async () => {
    const created = (
      await inject(clinic.clinician, 'POST', '/api/auth/tokens', { name: 'backup script' })
    ).json();
    const client = await oauthClient(t, clinic.clinician, 'listed apart');
    const grant = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    expect(grant.statusCode).toBe(200);
    const list = (await inject(clinic.clinician, 'GET', '/api/auth/tokens')).json();
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(['tests', 'backup script']);
    expect(list.items[1]).toEqual({
      id: created.id,
      name: 'backup script',
      createdAt: created.createdAt,
      lastUsedAt: null,
      expiresAt: created.expiresAt,
    });
    expect(JSON.stringify(list)).not.toContain(created.token);
    const others = (await inject(clinic.assistant, 'GET', '/api/auth/tokens')).json();
    expect(others.items.map((i: { id: string }) => i.id)).not.toContain(created.id);
  });

  it('revokes a token at once; another user’s token is not found', async () => {
    const created = (
      await inject(clinic.clinician, 'POST', '/api/auth/tokens', { name: 'short-lived' })
    ).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(
      200,
    );
    expect((await inject(clinic.assistant, 'DELETE', `/api/auth/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await inject(clinic.clinician, 'DELETE', `/api/auth/tokens/${created.id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(
      401,
    );
    expect((await inject(clinic.clinician, 'DELETE', `/api/auth/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await inject(clinic.clinician, 'DELETE', '/api/auth/tokens/not-a-uuid')).statusCode).toBe(404);
    const log = await inject(clinic.admin, 'GET', `/api/audit?userId=${clinic.clinician.id}`);
    expect(log.json().items.map((e: { action: string }) => e.action)).toContain('auth.token_revoked');
  });
});
