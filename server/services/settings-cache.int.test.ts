import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type VellumApp } from '../app.ts';
import { type Database, openPostgres } from '../db/client.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { SETTINGS_CACHE_MS } from './settings-cache.ts';

// The settings are cached in each instance; a change through one instance holds on another within
// a second (the announcement on the database's channel), and a change nobody announced within the
// cache's time bound. Two apps on one database: on PostgreSQL each with its own connections and
// listener, on the embedded database side by side on the one engine.
let t: TestApp;
let second: VellumApp;
let secondDb: Database | undefined;
let root: TestUser;
let clinician: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  if (t.database.kind === 'postgres' && t.database.url)
    secondDb = await openPostgres(t.database.url, { poolSize: 2 });
  second = await buildApp({
    config: t.config,
    database: secondDb ?? t.database,
    clock: t.clock,
    storage: t.storage,
    evidence: t.evidence,
  });
  await second.ready();
  root = await createSuperAdmin(t);
  clinician = (await seedAccount(t, 'Settings Cache Clinic')).clinician;
}, 240_000);
afterAll(async () => {
  await second?.close();
  await secondDb?.close();
  await t?.close();
});

const consentLevelOn = async (app: VellumApp) => {
  const res = await app.inject({ method: 'GET', url: '/api/settings', headers: clinician.headers });
  expect(res.statusCode).toBe(200);
  return (res.json() as { consentLevel: string }).consentLevel;
};

/** Polls until `read` gives `want`, for one second at most. */
async function within1s(read: () => Promise<string>, want: string) {
  const start = Date.now();
  for (;;) {
    const got = await read();
    if (got === want) return;
    if (Date.now() - start > 1_000) throw new Error(`still ${got} after a second`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the settings cache', () => {
  it('a setting changed through one instance holds on the other within a second', async () => {
    const before = await consentLevelOn(second);
    const after = before === 'required' ? 'advisory' : 'required';
    // Read (and cached) on both.
    expect(await consentLevelOn(t.app)).toBe(before);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: root.headers,
      payload: { consentLevel: after },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await consentLevelOn(t.app)).toBe(after);
    await within1s(() => consentLevelOn(second), after);
  });

  it('a change nobody announced is seen once the cache’s time bound has passed', async () => {
    const before = await consentLevelOn(second);
    const after = before === 'disabled' ? 'advisory' : 'disabled';
    await t.database.raw('update settings set consent_level = $1', [after]);
    // Cached: the unannounced change is not seen yet (the test clock stands still).
    expect(await consentLevelOn(second)).toBe(before);
    t.clock.advance(SETTINGS_CACHE_MS + 1);
    expect(await consentLevelOn(second)).toBe(after);
  });
});
