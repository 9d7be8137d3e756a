import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng, upload } from '../testing/fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Consent Clinic');
  root = await createSuperAdmin(t);
});
afterAll(() => t?.close());

const setLevel = (consentLevel: string) =>
  t.app.inject({ method: 'PATCH', url: '/api/settings', headers: root.headers, payload: { consentLevel } });
const record = (patientId: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/consents`,
    headers: clinic.assistant.headers,
    payload,
  });

describe('photography consent', () => {
  it('is not checked at the default level (disabled)', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'c-disabled' });
    expect((p.consent as { status: string }).status).toBe('none');
    expect(
      (await upload(t, clinic.clinician.headers, p.id, [{ filename: 'a.jpg', data: await makeJpeg() }]))
        .statusCode,
    ).toBe(201);
  });

  it('under required, refuses uploads until consent is recorded, and again after revocation', async () => {
    expect((await setLevel('required')).statusCode).toBe(200);
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'c-required' });
    const refused = await upload(t, clinic.clinician.headers, p.id, [
      { filename: 'a.jpg', data: await makeJpeg() },
    ]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('consent_required');

    const c = await record(p.id, { method: 'verbal', note: 'Explained and agreed' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({
      method: 'verbal',
      status: 'active',
      recordedBy: clinic.assistant.id,
      note: 'Explained and agreed',
    });
    expect(
      (await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })).json().consent
        .status,
    ).toBe('active');
    expect(
      (await upload(t, clinic.clinician.headers, p.id, [{ filename: 'a.jpg', data: await makeJpeg() }]))
        .statusCode,
    ).toBe(201);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/consents/${c.json().id}/revoke`,
      headers: clinic.clinician.headers,
      payload: { note: 'withdrawn' },
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: clinic.clinician.id });
    expect(
      (await upload(t, clinic.clinician.headers, p.id, [{ filename: 'b.jpg', data: await makeJpeg() }]))
        .statusCode,
    ).toBe(403);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/consents/${c.json().id}/revoke`,
      headers: clinic.clinician.headers,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    await setLevel('disabled');
  });

  it('shows each patient of the list with its own consent status, the level and the banner', async () => {
    expect((await setLevel('advisory')).statusCode).toBe(200);
    const none = await createPatient(t, clinic.clinician, { uniqueId: 'cl-none' });
    const active = await createPatient(t, clinic.clinician, { uniqueId: 'cl-active' });
    const revoked = await createPatient(t, clinic.clinician, { uniqueId: 'cl-revoked' });
    expect((await record(active.id, { method: 'written', note: 'form' })).statusCode).toBe(201);
    const first = await record(revoked.id, { method: 'verbal', note: 'yes' });
    await t.app.inject({
      method: 'POST',
      url: `/api/consents/${first.json().id}/revoke`,
      headers: clinic.clinician.headers,
      payload: {},
    });
    const list = await t.app.inject({
      url: '/api/patients?q=cl-&sort=uniqueId',
      headers: clinic.clinician.headers,
    });
    expect(list.statusCode, list.body).toBe(200);
    const consentOf = (uniqueId: string) =>
      list.json().items.find((p: { uniqueId: string }) => p.uniqueId === uniqueId)?.consent;
    expect(consentOf('cl-none')).toEqual({ status: 'none', level: 'advisory', banner: true });
    expect(consentOf('cl-active')).toEqual({ status: 'active', level: 'advisory', banner: false });
    expect(consentOf('cl-revoked')).toEqual({ status: 'revoked', level: 'advisory', banner: true });
    // The list presents a patient exactly as reading it alone does.
    for (const p of [none, active, revoked]) {
      const alone = (
        await t.app.inject({ url: `/api/patients/${p.id}`, headers: clinic.clinician.headers })
      ).json();
      expect(list.json().items.find((i: { id: string }) => i.id === p.id)).toEqual(alone);
    }
    await setLevel('disabled');
  });

  it('stores a drawn signature as a PNG and refuses a signature consent without one', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'c-sign' });
    const missing = await record(p.id, { method: 'signature' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.fields.signature).toBeDefined();
    const notPng = await record(p.id, {
      method: 'signature',
      signature: `data:image/png;base64,${(await makeJpeg(40, 20)).toString('base64')}`,
    });
    expect(notPng.statusCode).toBe(422);
    const png = await makePng(300, 100);
    const ok = await record(p.id, {
      method: 'signature',
      signature: `data:image/png;base64,${png.toString('base64')}`,
    });
    expect(ok.statusCode).toBe(201);
    const file = await t.app.inject({ url: ok.json().signatureUrl, headers: clinic.clinician.headers });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(png)).toBe(true);
    const list = (
      await t.app.inject({ url: `/api/patients/${p.id}/consents`, headers: clinic.clinician.headers })
    ).json();
    expect(list.items).toHaveLength(1);
  });

  it('logs every consent event', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'c-audit' });
    const c = (await record(p.id, { method: 'written' })).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/consents/${c.id}/revoke`,
      headers: clinic.clinician.headers,
      payload: {},
    });
    const audit = (
      await t.app.inject({ url: `/api/audit?patientId=${p.id}`, headers: clinic.admin.headers })
    ).json();
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('consent.record');
    expect(actions).toContain('consent.revoke');
  });
});
