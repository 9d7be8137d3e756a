import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

// The deployment's time zone and locale: preferences of the super administrator, read by everyone
// (the web app writes every date with them), refused when the zone or locale does not exist.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Dates Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const change = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: '/api/settings', headers, payload });
const read = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/settings', headers })).json();

describe('time zone and locale preferences', () => {
  it('start as UTC and en-GB', async () => {
    expect(await read(clinic.clinician.headers)).toMatchObject({ timeZone: 'UTC', locale: 'en-GB' });
  });

  it('are changed by the super administrator, audited, and read by every user', async () => {
    const res = await change(root.headers, { timeZone: 'Europe/Paris', locale: 'fr-FR' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'Europe/Paris', locale: 'fr-FR' });
    expect(await read(clinic.assistant.headers)).toMatchObject({ timeZone: 'Europe/Paris', locale: 'fr-FR' });
    const audit = (
      await t.app.inject({ method: 'GET', url: '/api/audit?action=settings.change', headers: root.headers })
    ).json();
    expect(audit.items[0].details.after).toEqual({ timeZone: 'Europe/Paris', locale: 'fr-FR' });
  });

  it('refuse a zone or locale that does not exist, naming the field, and keep the old ones', async () => {
    const zone = await change(root.headers, { timeZone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(422);
    expect(zone.json().error.details.fields).toHaveProperty('timeZone');
    const locale = await change(root.headers, { locale: 'not a locale!' });
    expect(locale.statusCode).toBe(422);
    expect(locale.json().error.details.fields).toHaveProperty('locale');
    expect(await read(root.headers)).toMatchObject({ timeZone: 'Europe/Paris', locale: 'fr-FR' });
  });

  it('are not an account admin’s to change', async () => {
    expect((await change(clinic.admin.headers, { timeZone: 'UTC' })).statusCode).toBe(403);
  });
});
