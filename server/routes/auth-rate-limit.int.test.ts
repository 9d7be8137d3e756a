import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.ts';
import { seedAccount, startTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.ts';

// docs/SECURITY-MODEL.md: sign-in attempts are limited per client address per minute. This app
// allows 3. The harness signs its users in from 127.0.0.1, so the attempts here come from other
// addresses, each with a budget of its own.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp({ loginRateLimit: 3 });
  clinic = await seedAccount(t, 'Skin Clinic');
});
afterAll(() => t?.close());

const attempt = (remoteAddress: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { email: clinic.clinician.email, password },
  });

describe('sign-in rate limit', () => {
  it('answers the 4th attempt within a minute from one address with 429 rate_limited', async () => {
    for (let i = 0; i < 3; i++) {
      expectError(await attempt('10.0.0.7', 'Wrong-Horse-42!'), 401, 'unauthorized');
    }
    expectError(await attempt('10.0.0.7', 'Wrong-Horse-42!'), 429, 'rate_limited');
  });

  it('refuses even the right password from that address once the limit is reached', async () => {
    const res = await attempt('10.0.0.7', TEST_PASSWORD);
    expectError(res, 429, 'rate_limited');
    expect(res.cookies).toEqual([]);
  });

  it('counts successful sign-ins too, and each address on its own', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('10.0.0.8', TEST_PASSWORD)).statusCode).toBe(200);
    expectError(await attempt('10.0.0.8', TEST_PASSWORD), 429, 'rate_limited');
    expect((await attempt('10.0.0.9', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('limits sign-in only, not the rest of the API', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      remoteAddress: '10.0.0.7',
      headers: clinic.clinician.headers,
    });
    expect(res.statusCode).toBe(200);
  });
});
