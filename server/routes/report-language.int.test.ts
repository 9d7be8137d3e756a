import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { pdfText } from '../testing/pdf-text.ts';

// The PDF report is written in the requesting user's language (its fixed texts and its dates),
// the deployment locale's language for a user without one; the deployment's time zone stays.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let patientId: string;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Report Language Clinic');
  root = await createSuperAdmin(t);
  const patient = await createPatient(t, clinic.clinician, { uniqueId: 'rl-1', dateOfBirth: '1980-03-01' });
  patientId = patient.id;
  const entry = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/entries`,
    headers: clinic.clinician.headers,
    payload: { appointmentAt: '2026-12-07T16:23:00Z', notes: 'Follow-up' },
  });
  expect(entry.statusCode, entry.body).toBe(201);
  await settings({ timeZone: 'Europe/London', locale: 'en-GB' });
});
afterAll(() => t?.close());

async function settings(payload: object) {
  const res = await t.app.inject({ method: 'PATCH', url: '/api/settings', headers: root.headers, payload });
  expect(res.statusCode, res.body).toBe(200);
}

async function chooseLanguage(user: TestUser, language: string | null) {
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/auth/me',
    headers: user.headers,
    payload: { language },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function reportText(user: TestUser) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/patients/${patientId}/report.pdf`,
    headers: user.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return pdfText(res.rawPayload);
}

// pdfText drops spaces: the expected texts are written without them.
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('the PDF report in the user language', () => {
  it("is in French for a French user: headings, words and dates, in the deployment's time zone", async () => {
    await chooseLanguage(clinic.clinician, 'fr');
    const text = await reportText(clinic.clinician);
    expect(text).toContain(squeeze('Consultation du 7 déc. 2026, 16:23'));
    expect(text).toContain(squeeze('Né(e) le 1 mars 1980'));
    expect(text).toContain(squeeze('Rapport établi le 1 janv. 2026'));
    expect(text).toContain(squeeze('(Europe/London) par clinician@'));
    expect(text).not.toContain('Entryof');
  });

  it('is in English for an English user of the same deployment', async () => {
    await chooseLanguage(clinic.admin, 'en');
    const text = await reportText(clinic.admin);
    expect(text).toContain(squeeze('Entry of 7 Dec 2026, 16:23'));
    expect(text).toContain(squeeze('Born 1 Mar 1980'));
    expect(text).not.toContain('Consultationdu');
  });

  it("follows the deployment locale's language for a user without a language", async () => {
    await settings({ timeZone: 'Europe/Zurich', locale: 'fr-CH' });
    const french = await reportText(clinic.assistant);
    expect(french).toContain(squeeze('Consultation du 7 déc. 2026, 17:23'));
    // The user's own choice wins over the deployment's.
    expect(await reportText(clinic.admin)).toContain(squeeze('Entry of 7 Dec 2026, 17:23'));
    await settings({ timeZone: 'Europe/London', locale: 'en-GB' });
    expect(await reportText(clinic.assistant)).toContain(squeeze('Entry of 7 Dec 2026, 16:23'));
  });
});
