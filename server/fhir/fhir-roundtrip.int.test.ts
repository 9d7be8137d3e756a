import type { Encounter, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInjected } from '../testing/fhir-valid.ts';
import { seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';
import { SYSTEM } from './systems.ts';

// Lossless writes: a fully populated Patient or Encounter reads back as written (the server adds
// id and meta), in read, vread, search and history; Vellum's own fields hold what they can.

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  user = (await seedAccount(t, 'Round Trip Clinic')).clinician;
});
afterAll(() => t?.close());

const fhir = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/fhir/R4/${url}`,
    headers: { ...user.headers, 'content-type': 'application/fhir+json' },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
const rest = async (url: string) =>
  (await t.app.inject({ method: 'GET', url, headers: user.headers })).json();
/** A resource without what the server adds. */
const body = (r: { id?: string; meta?: unknown; text?: unknown }) => {
  const { id: _i, meta: _m, text: _t, ...rest } = r;
  return rest;
};

const PATIENT: Patient = {
  resourceType: 'Patient',
  identifier: [
    { use: 'usual', system: SYSTEM.uniqueId, value: 'rt-1' },
    {
      system: 'http://hospital.example/mrn',
      value: 'MRN-778',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
    },
  ],
  active: true,
  name: [
    { use: 'official', family: 'Schmidt', given: ['Anna', 'Maria'], prefix: ['Dr.'] },
    { use: 'maiden', family: 'Weber', given: ['Anna'] },
  ],
  telecom: [
    { system: 'phone', value: '+49 30 1234', use: 'home' },
    { system: 'phone', value: '+49 170 555', use: 'mobile' },
    { system: 'email', value: 'anna@example.org', use: 'work' },
  ],
  gender: 'female',
  birthDate: '1980-04-12',
  deceasedBoolean: false,
  address: [{ use: 'home', line: ['Hauptstr. 5'], city: 'Berlin', postalCode: '10115', country: 'DE' }],
  maritalStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
  },
  multipleBirthInteger: 2,
  contact: [
    {
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }] }],
      name: { family: 'Schmidt', given: ['Paul'] },
      telecom: [{ system: 'phone', value: '+49 30 9999' }],
    },
  ],
  communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'de' }] }, preferred: true }],
  extension: [
    { url: 'http://example.org/fhir/StructureDefinition/eye-colour', valueString: 'green' },
    { url: SYSTEM.patientNote, valueString: 'Prefers mornings' },
  ],
};

describe('lossless Patient and Encounter writes', () => {
  it('a fully populated Patient reads back as written; Vellum fields hold what they can', async () => {
    const created = await fhir('POST', 'Patient', PATIENT);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(body(created.json())).toEqual(body(PATIENT));
    expect(body((await fhir('GET', `Patient/${id}`)).json())).toEqual(body(PATIENT));
    const found = (await fhir('GET', `Patient?_id=${id}`)).json();
    expect(body(found.entry[0].resource)).toEqual(body(PATIENT));
    expect(await rest(`/api/patients/${id}`)).toMatchObject({
      uniqueId: 'rt-1',
      firstName: 'Anna Maria',
      lastName: 'Schmidt',
      dateOfBirth: '1980-04-12',
      sex: 'female',
      email: 'anna@example.org',
      phone: '+49 30 1234',
      address: 'Hauptstr. 5, 10115, Berlin, DE',
      note: 'Prefers mornings',
    });

    // An update with a partial birth date; version 1 keeps what was written first.
    const second: Patient = { ...PATIENT, id, birthDate: '1980-04', active: false, maritalStatus: undefined };
    delete second.maritalStatus;
    const updated = await fhir('PUT', `Patient/${id}`, second);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(body(updated.json())).toEqual(body(second));
    expect(body((await fhir('GET', `Patient/${id}`)).json())).toEqual(body(second));
    expect(body((await fhir('GET', `Patient/${id}/_history/1`)).json())).toEqual(body(PATIENT));
    const history = (await fhir('GET', `Patient/${id}/_history`)).json();
    expect(history.entry.map((e: { resource: Patient }) => e.resource.birthDate)).toEqual([
      '1980-04',
      '1980-04-12',
    ]);
    expect((await rest(`/api/patients/${id}`)).dateOfBirth).toBeNull();

    // A change elsewhere: Vellum's fields win for what they hold, the rest stays as written.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${id}`,
      headers: user.headers,
      payload: { lastName: 'Schmitt', note: 'Afternoons' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = (await fhir('GET', `Patient/${id}`)).json() as Patient;
    expect(after.name).toEqual([{ use: 'official', family: 'Schmitt', given: ['Anna Maria'] }]);
    expect(after.identifier).toEqual(PATIENT.identifier);
    expect(after.active).toBe(false);
    expect(after.birthDate).toBe('1980-04');
    expect(after.contact).toEqual(PATIENT.contact);
    expect(after.extension).toEqual([
      { url: 'http://example.org/fhir/StructureDefinition/eye-colour', valueString: 'green' },
      { url: SYSTEM.patientNote, valueString: 'Afternoons' },
    ]);
  });

  it('a fully populated Encounter reads back as written: status, class, period end, participants', async () => {
    const rt2 = { resourceType: 'Patient', identifier: [{ system: SYSTEM.uniqueId, value: 'rt-2' }] };
    const patient = (await fhir('POST', 'Patient', rt2)).json();
    const encounter: Encounter = {
      resourceType: 'Encounter',
      identifier: [{ system: 'http://hospital.example/visit', value: 'V-1' }],
      status: 'finished',
      statusHistory: [{ status: 'arrived', period: { start: '2026-09-03T09:00:00Z' } }],
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
        display: 'ambulatory',
      },
      type: [{ text: 'Dermatology follow-up' }],
      subject: { reference: `Patient/${patient.id}` },
      participant: [
        {
          type: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PPRF' },
              ],
            },
          ],
          individual: { display: 'Dr. Lena Vogt' },
        },
      ],
      period: { start: '2026-09-03', end: '2026-09-04' },
      reasonCode: [{ text: 'Mole check' }],
      extension: [{ url: SYSTEM.entryNotes, valueString: 'Two new lesions' }],
    };
    const created = await fhir('POST', 'Encounter', encounter);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(body(created.json())).toEqual(body(encounter));
    expect(body((await fhir('GET', `Encounter/${id}`)).json())).toEqual(body(encounter));
    const entry = await rest(`/api/entries/${id}`);
    expect(entry.appointmentAt).toBe('2026-09-03T00:00:00.000Z');
    expect(entry.notes).toBe('Two new lesions');

    const moved: Encounter = {
      ...encounter,
      id,
      status: 'cancelled',
      period: { start: '2026-09-05T10:00:00+02:00' },
    };
    const updated = await fhir('PUT', `Encounter/${id}`, moved);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(body((await fhir('GET', `Encounter/${id}`)).json())).toEqual(body(moved));
    expect(body((await fhir('GET', `Encounter/${id}/_history/1`)).json())).toEqual(body(encounter));
    expect((await rest(`/api/entries/${id}`)).appointmentAt).toBe('2026-09-05T08:00:00.000Z');
    const listed = (await fhir('GET', `Encounter?patient=${patient.id}`)).json();
    expect(body(listed.entry[0].resource)).toEqual(body(moved));
  });
});
