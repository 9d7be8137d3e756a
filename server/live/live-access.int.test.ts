import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../db/schema.ts';
import { oauthClient } from '../testing/fhir.ts';
import {
  cookieLogin,
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';
import { ACCESS_RECHECK_MS } from './hub.ts';

// A live socket keeps no access of its own: when the user, its token, client or session stops
// being valid, the socket is told why and closed, and nothing it sends afterwards is applied.
let t: TestApp;
let root: TestUser;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  root = await createSuperAdmin(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;
});
afterAll(() => t?.close());

let n = 0;
async function clinicWithEntry() {
  const clinic = await seedAccount(t, `Access Clinic ${++n}`);
  const patient = await createPatient(t, clinic.clinician, { uniqueId: `access-${n}` });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patient.id}/entries`,
    headers: clinic.clinician.headers,
    payload: { appointmentAt: '2026-02-01T10:00:00Z', notes: 'open' },
  });
  expect(res.statusCode).toBe(201);
  return { clinic, entryId: (res.json() as { id: string }).id };
}

async function editor(headers: Record<string, string>, entryId: string) {
  const c = await liveClient(url, headers);
  c.send({ type: 'subscribe', entryId });
  expect(await c.next()).toMatchObject({ type: 'subscribed', entryId });
  return c;
}

const cookieHeaders = async (user: TestUser) => {
  const s = await cookieLogin(t, user.email);
  return { cookie: `vellum_session=${s.cookies.vellum_session}`, ...s.csrfHeader };
};

const patch = (c: Awaited<ReturnType<typeof editor>>, entryId: string, notes: string, requestId: string) =>
  c.send({ type: 'patch', entryId, baseVersion: 1, changes: { notes }, requestId });

async function expectEnded(c: Awaited<ReturnType<typeof editor>>, reason: string) {
  expect(await c.next()).toEqual({ type: 'closed', reason });
  expect(await c.ended()).toBe(4401);
}

/** The editor is still served: an edit of its own is acknowledged. */
async function expectServed(c: Awaited<ReturnType<typeof editor>>, entryId: string) {
  c.send({ type: 'unsubscribe', entryId });
  c.send({ type: 'subscribe', entryId });
  expect(await c.next()).toMatchObject({ type: 'subscribed', entryId });
}

describe('live sockets end with the access they were opened with', () => {
  it('deleting a user closes its sockets, and only its own', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const gone = await editor(clinic.clinician.headers, entryId);
    const goneByCookie = await editor(await cookieHeaders(clinic.clinician), entryId);
    const stays = await editor(clinic.assistant.headers, entryId);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/users/${clinic.clinician.id}`,
      headers: clinic.admin.headers,
    });
    expect(res.statusCode).toBe(200);
    await expectEnded(gone, 'user_deleted');
    await expectEnded(goneByCookie, 'user_deleted');
    await expectServed(stays, entryId);
    stays.close();
  });

  it('revoking a token closes the sockets opened with it; the user’s session socket stays', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: clinic.clinician.headers,
      payload: { name: 'laptop' },
    });
    const { token, id } = made.json() as { token: string; id: string };
    const byToken = await editor({ authorization: `Bearer ${token}` }, entryId);
    const bySession = await editor(await cookieHeaders(clinic.clinician), entryId);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${id}`,
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode).toBe(204);
    await expectEnded(byToken, 'token_revoked');
    await expectServed(bySession, entryId);
    bySession.close();
  });

  it('signing out closes that session’s socket; ending all sessions closes every session socket', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const first = await cookieHeaders(clinic.clinician);
    const second = await cookieHeaders(clinic.clinician);
    const a = await editor(first, entryId);
    const b = await editor(second, entryId);
    const byToken = await editor(clinic.clinician.headers, entryId);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: first });
    expect(out.statusCode).toBe(204);
    await expectEnded(a, 'signed_out');
    await expectServed(b, entryId);
    const all = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/end-all', headers: second });
    expect(all.statusCode).toBe(200);
    await expectEnded(b, 'sessions_ended');
    // A personal token is not a session: its socket stays.
    await expectServed(byToken, entryId);
    byToken.close();
  });

  it('changing one’s password closes the other sessions’ sockets; a reset closes every session socket', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const changer = await cookieHeaders(clinic.clinician);
    const other = await cookieHeaders(clinic.clinician);
    const kept = await editor(changer, entryId);
    const ended = await editor(other, entryId);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: changer,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Violet-Harbour-Lantern-93' },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    await expectEnded(ended, 'password_changed');
    await expectServed(kept, entryId);

    const link = await t.app.inject({
      method: 'POST',
      url: `/api/users/${clinic.clinician.id}/password-reset`,
      headers: clinic.admin.headers,
    });
    expect(link.statusCode).toBe(200);
    const token = new URL((link.json() as { resetUrl: string }).resetUrl).hash.replace(/^#token=/, '');
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { token, newPassword: 'Copper-Meadow-Kettle-57' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    await expectEnded(kept, 'password_reset');
  });

  it('revoking an OAuth client closes the sockets of its access tokens', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const client = await oauthClient(t, clinic.clinician);
    const granted = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString(),
    });
    const access = (granted.json() as { access_token: string }).access_token;
    const c = await editor({ authorization: `Bearer ${access}` }, entryId);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/clients/${client.id}`,
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode).toBe(204);
    await expectEnded(c, 'client_revoked');
  });

  it('deleting the account closes its users’ sockets', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const c = await editor(clinic.clinician.headers, entryId);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/accounts/${clinic.account.id}`,
      headers: root.headers,
      payload: { confirmation: `delete account ${clinic.account.name}` },
    });
    expect(res.statusCode).toBe(200);
    const first = await c.next();
    // The account's entries close too; the access ending is what the socket hears last.
    const messages = [first];
    while (messages.at(-1)?.type === 'closed' && messages.at(-1)?.entryId) messages.push(await c.next());
    expect(messages.at(-1)).toEqual({ type: 'closed', reason: 'account_deleted' });
    expect(await c.ended()).toBe(4401);
  });

  it('checks the credential again on later messages, even if no announcement reached it', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const headers = await cookieHeaders(clinic.clinician);
    const c = await editor(headers, entryId);
    // The session goes without a word (as if the announcement were lost on the way).
    await t.database.db.delete(sessions).where(eq(sessions.userId, clinic.clinician.id));
    t.clock.advance(ACCESS_RECHECK_MS);
    patch(c, entryId, 'after the session ended', 'late');
    await expectEnded(c, 'access_ended');
    const entry = await t.app.inject({
      method: 'GET',
      url: `/api/entries/${entryId}`,
      headers: clinic.admin.headers,
    });
    expect(entry.json()).toMatchObject({ notes: 'open', version: 1 });
  });

  it('changing a user’s role closes its sockets with role_changed, on its next socket too the new role holds', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const byToken = await editor(clinic.clinician.headers, entryId);
    const bySession = await editor(await cookieHeaders(clinic.clinician), entryId);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${clinic.clinician.id}`,
      headers: clinic.admin.headers,
      payload: { role: 'assistant' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await expectEnded(byToken, 'role_changed');
    await expectEnded(bySession, 'role_changed');
    // The same token opens a new socket, now as an assistant.
    const again = await editor(clinic.clinician.headers, entryId);
    again.close();
  });

  it('a socket of a session left idle closes with idle; live edits keep a session from going idle', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const idle = await editor(await cookieHeaders(clinic.clinician), entryId);
    const busy = await editor(await cookieHeaders(clinic.clinician), entryId);
    // The busy one edits every few minutes; the idle one only listens.
    let version = 1;
    for (let i = 0; i < 8; i++) {
      t.clock.advance(4 * 60_000);
      const changes = { notes: `edit ${i}` };
      busy.send({ type: 'patch', entryId, baseVersion: version, changes, requestId: `busy-${i}` });
      let m = await busy.next();
      while (m.type !== 'ack') m = await busy.next();
      version = m.version as number;
    }
    // 32 minutes without a request on the idle session (idle after 30 by default).
    idle.send({ type: 'unsubscribe', entryId });
    const messages = [await idle.next()];
    while (messages.at(-1)?.type !== 'closed') messages.push(await idle.next());
    expect(messages.at(-1)).toEqual({ type: 'closed', reason: 'idle' });
    expect(await idle.ended()).toBe(4401);
    await expectServed(busy, entryId);
    busy.close();
  });

  it('refuses control characters in live patches like PATCH over HTTP, and stores nothing', async () => {
    const { clinic, entryId } = await clinicWithEntry();
    const c = await editor(clinic.clinician.headers, entryId);
    c.send({
      type: 'patch',
      entryId,
      baseVersion: 1,
      changes: { notes: 'ok\nline two \u202etxt.exe' },
      requestId: 'rlo',
    });
    expect(await c.next()).toMatchObject({
      type: 'error',
      requestId: 'rlo',
      code: 'invalid_input',
      details: { fields: { notes: expect.stringMatching(/control characters/) } },
    });
    c.send({ type: 'patch', entryId, baseVersion: 1, changes: { notes: 'bell \u0007' }, requestId: 'bel' });
    expect(await c.next()).toMatchObject({ type: 'error', requestId: 'bel', code: 'invalid_input' });
    const entry = await t.app.inject({
      method: 'GET',
      url: `/api/entries/${entryId}`,
      headers: clinic.admin.headers,
    });
    expect(entry.json()).toMatchObject({ notes: 'open', version: 1 });
    // Line breaks and tabs are fine in notes.
    patch(c, entryId, 'line one\n\tline two', 'fine');
    expect(await c.next()).toMatchObject({ type: 'ack', requestId: 'fine' });
    c.close();
  });
});
