import { MedplumClient, OperationOutcomeError } from '@medplum/core';
import type { Bundle, Encounter, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerOf, listen, oauthClient } from '../testing/fhir.ts';
import { validatingFetch } from '../testing/fhir-valid.ts';
import {
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../testing/harness.ts';
import { seedRecords } from '../testing/lifecycle.ts';
import { EXPUNGE_AVAILABLE } from './expunge.ts';
import { SYSTEM } from './systems.ts';

// The FHIR facade driven by a real, independent client library: OAuth2 client credentials against
// /oauth2/token on a real port, then the resource interactions as that library performs them.

let t: TestApp;
let origin: string;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let root: TestUser;
let medplum: MedplumClient;
let operator: MedplumClient;

async function loggedIn(user: TestUser) {
  const { clientId, clientSecret } = await oauthClient(t, user);
  const client = new MedplumClient({ baseUrl: `${origin}/`, cacheTime: 0, fetch: validatingFetch() });
  await client.startClientLogin(clientId, clientSecret);
  return client;
}

/** The OperationOutcome a failed call carried. */
async function outcomeOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OperationOutcomeError);
  return (err as OperationOutcomeError).outcome;
}

beforeAll(async () => {
  t = await startTestApp();
  origin = await listen(t);
  clinic = await seedAccount(t, 'Medplum Clinic');
  root = await createSuperAdmin(t);
  medplum = await loggedIn(clinic.clinician);
  operator = await loggedIn(root);
});
afterAll(() => t?.close());

describe('FHIR with the Medplum client (client credentials)', () => {
  it('logs in with client credentials and holds a bearer token', () => {
    expect(medplum.getAccessToken()).toMatch(/^vlm_/);
    expect(bearerOf(clinic.clinician)).not.toBe(medplum.getAccessToken());
  });

  it('create, read, update, history, delete, read 410, vread, $expunge, read 404', async () => {
    const created = await medplum.createResource<Patient>({
      resourceType: 'Patient',
      identifier: [{ system: SYSTEM.uniqueId, value: 'MP-1' }],
      name: [{ family: 'Moreau', given: ['Lina'] }],
      birthDate: '1984-03-02',
      gender: 'female',
      telecom: [{ system: 'email', value: 'lina@example.org' }],
    });
    expect(created.id).toBeTruthy();
    expect(created.meta?.versionId).toBe('1');
    expect(created.identifier?.[0]?.value).toBe('mp-1');
    const id = created.id as string;

    const read = await medplum.readResource('Patient', id);
    expect(read.name?.[0]?.family).toBe('Moreau');

    const updated = await medplum.updateResource<Patient>({ ...read, birthDate: '1984-03-12' });
    expect(updated.meta?.versionId).toBe('2');
    expect(updated.birthDate).toBe('1984-03-12');

    const history = await medplum.readHistory('Patient', id);
    expect(history.type).toBe('history');
    expect(history.entry?.map((e) => e.resource?.meta?.versionId)).toEqual(['2', '1']);

    const deleted = await medplum.deleteResource('Patient', id);
    expect(deleted).toMatchObject({ resourceType: 'OperationOutcome', id: 'ok' });

    const gone = await outcomeOf(medplum.readResource('Patient', id));
    expect(gone.id).toBe('gone');
    expect(gone.issue?.[0]?.code).toBe('deleted');

    const afterDelete = (await medplum.readHistory('Patient', id)) as Bundle;
    expect(afterDelete.entry?.[0]?.request?.method).toBe('DELETE');
    expect(afterDelete.entry?.[0]?.resource).toBeUndefined();
    expect(afterDelete.entry).toHaveLength(3);

    const v1 = await medplum.readVersion('Patient', id, '1');
    expect(v1.birthDate).toBe('1984-03-02');
    expect(v1.meta?.versionId).toBe('1');

    const expunge = operator.post(operator.fhirUrl('Patient', id, '$expunge'), {});
    if (!EXPUNGE_AVAILABLE) {
      expect((await outcomeOf(expunge)).id).toBe('not-supported');
      return;
    }
    expect(await expunge).toMatchObject({ resourceType: 'OperationOutcome', id: 'ok' });
    expect((await outcomeOf(medplum.readResource('Patient', id))).id).toBe('not-found');
    expect((await outcomeOf(medplum.readHistory('Patient', id))).id).toBe('not-found');
  });

  it('creates and updates an encounter of a patient and searches encounters by patient', async () => {
    const patient = await medplum.createResource<Patient>({
      resourceType: 'Patient',
      identifier: [{ system: SYSTEM.uniqueId, value: 'mp-enc' }],
    });
    const encounter = await medplum.createResource<Encounter>({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: `Patient/${patient.id}` },
      period: { start: '2026-01-02T10:00:00Z' },
    });
    expect(encounter.meta?.versionId).toBe('1');
    expect(encounter.participant?.[0]?.individual?.identifier?.value).toBe(clinic.clinician.id);
    const moved = await medplum.updateResource<Encounter>({
      ...encounter,
      period: { start: '2026-01-03T10:00:00.000Z' },
    });
    expect(moved.meta?.versionId).toBe('2');
    const found = await medplum.searchResources('Encounter', { patient: patient.id as string });
    expect(found.map((e) => e.id)).toEqual([encounter.id]);
  });

  it('searchOne by _id returns that patient, not another', async () => {
    const made: Patient[] = [];
    for (const n of [1, 2, 3]) {
      made.push(
        await medplum.createResource<Patient>({
          resourceType: 'Patient',
          identifier: [{ system: SYSTEM.uniqueId, value: `one-${n}` }],
        }),
      );
    }
    const wanted = made[2] as Patient;
    const hit = await medplum.searchOne('Patient', { _id: wanted.id as string });
    expect(hit?.id).toBe(wanted.id);
    expect(hit?.identifier?.[0]?.value).toBe('one-3');
    const none = await medplum.searchOne('Patient', { _id: '00000000-0000-4000-8000-000000000000' });
    expect(none).toBeUndefined();
  });

  it('createResourceIfNoneExist creates once, then answers the existing patient; patchResource patches', async () => {
    const resource: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: SYSTEM.uniqueId, value: 'mp-once' }],
    };
    const first = await medplum.createResourceIfNoneExist(resource, 'identifier=mp-once');
    const second = await medplum.createResourceIfNoneExist(resource, 'identifier=mp-once');
    expect(second.id).toBe(first.id);
    expect(second.meta?.versionId).toBe('1');
    const patched = await medplum.patchResource('Patient', first.id as string, [
      { op: 'add', path: '/gender', value: 'other' },
      { op: 'add', path: '/maritalStatus', value: { text: 'single' } },
    ]);
    expect([patched.gender, patched.maritalStatus?.text, patched.meta?.versionId]).toEqual([
      'other',
      'single',
      '2',
    ]);
    expect((await medplum.readResource('Patient', first.id as string)).maritalStatus?.text).toBe('single');
  });

  it('pages a patient search with _count and next links', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await medplum.createResource<Patient>({
        resourceType: 'Patient',
        identifier: [{ system: SYSTEM.uniqueId, value: `pager-${n}` }],
        name: [{ family: 'Pagewright', given: [`P${n}`] }],
      });
    }
    const seen: string[] = [];
    let bundle: Bundle<Patient> = await medplum.search('Patient', { name: 'pagewright', _count: '2' });
    expect(bundle.total).toBe(5);
    for (;;) {
      seen.push(...(bundle.entry ?? []).map((e) => e.resource?.identifier?.[0]?.value ?? ''));
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (!next) break;
      bundle = (await medplum.get(next)) as Bundle<Patient>;
    }
    expect(seen).toEqual(['pager-1', 'pager-2', 'pager-3', 'pager-4', 'pager-5']);
  });

  it('$expunge with everything removes a patient with its entries and images', async () => {
    const { patient, entryIds, imageIds } = await seedRecords(t, clinic.clinician, 'mp-all', {
      entries: 2,
      images: 2,
    });
    const url = operator.fhirUrl('Patient', patient.id, '$expunge');
    url.searchParams.set('everything', 'true');
    if (!EXPUNGE_AVAILABLE) {
      expect((await outcomeOf(operator.post(url, {}))).id).toBe('not-supported');
      return;
    }
    expect(await operator.post(url, {})).toMatchObject({ id: 'ok' });
    expect((await outcomeOf(medplum.readResource('Patient', patient.id))).id).toBe('not-found');
    for (const id of entryIds)
      expect((await outcomeOf(medplum.readResource('Encounter', id))).id).toBe('not-found');
    for (const id of imageIds)
      expect((await outcomeOf(medplum.readResource('Media', id))).id).toBe('not-found');
  });
});
