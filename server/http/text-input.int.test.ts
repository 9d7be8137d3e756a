import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvalidFields } from '../testing/expect-error.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';

// Typed text holds no control characters (docs/SECURITY.md): CR/LF, BEL or a right-to-left
// override in a name is 422 naming the field, nothing stored; notes keep line breaks and tabs.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Text Clinic');
});
afterAll(() => t?.close());

const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: clinic.clinician.headers, payload });

describe('control characters', () => {
  it.each([
    ['CR/LF', 'Ali\r\nSet-Cookie: x'],
    ['a tab', 'Ali\tcia'],
    ['BEL', 'Ali\u0007cia'],
    ['a right-to-left override', 'Ali\u202ecia'],
    ['a C1 control', 'Ali\u0085cia'],
  ])('refuses %s in a name with 422, and stores nothing', async (_, firstName) => {
    const res = await post('/api/patients', { uniqueId: 'ctl-1', firstName });
    expect(expectInvalidFields(res, ['firstName']).firstName).toMatch(/control characters/);
    const list = await t.app.inject({
      url: '/api/patients?uniqueId=ctl-1',
      headers: clinic.clinician.headers,
    });
    expect(list.json().total).toBe(0);
  });

  it('refuses them in query strings too', async () => {
    const res = await t.app.inject({ url: '/api/patients?name=a%0Db', headers: clinic.clinician.headers });
    expectInvalidFields(res, ['name']);
  });

  it('keeps line breaks and tabs in notes, and refuses other controls there', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'ctl-notes' });
    const entry = await post(`/api/patients/${p.id}/entries`, {
      appointmentAt: '2026-01-05T10:00:00Z',
      notes: 'Line one\n\tindented\r\nline three',
    });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(entry.json().notes).toBe('Line one\n\tindented\r\nline three');
    const bad = await post(`/api/patients/${p.id}/entries`, {
      appointmentAt: '2026-01-05T10:00:00Z',
      notes: 'ring\u0007',
    });
    expectInvalidFields(bad, ['notes']);
  });

  it('accepts ordinary text in any script', async () => {
    const p = await createPatient(t, clinic.clinician, {
      uniqueId: 'ctl-ok',
      firstName: 'Zoë',
      lastName: 'أحمد',
    });
    expect(p.firstName).toBe('Zoë');
  });
});
