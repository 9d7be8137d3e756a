import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNOMED_SYSTEM } from '../../shared/body-map.ts';
import { validateInjected } from '../testing/fhir-valid.ts';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import { createPatient, seedAccount, startTestApp, type TestApp, type TestUser } from '../testing/harness.ts';

// Lesions through FHIR: BodyStructure (read, search by patient and location, in the
// CapabilityStatement, SMART scopes) and Media's bodySite and lesion extension.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  t = await startTestApp();
  validateInjected(t);
  clinic = await seedAccount(t, 'Fhir Lesion Clinic');
  other = await seedAccount(t, 'Other Fhir Lesion Clinic');
});
afterAll(() => t?.close());

const get = (url: string, user: TestUser = clinic.clinician) =>
  t.app.inject({ method: 'GET', url: `/fhir/R4/${url}`, headers: user.headers });
const api = (method: 'POST' | 'PATCH', url: string, payload: object, user: TestUser = clinic.clinician) =>
  t.app.inject({ method, url, headers: user.headers, payload });

/** The left upper arm seen from the back. */
const upperArm = { view: 'back', x: 0.22, y: 0.27 };
/** The middle of the chest: midline, no laterality. */
const chest = { view: 'front', x: 0.5, y: 0.26 };

async function newLesion(patientId: string, body: object, user: TestUser = clinic.clinician) {
  const res = await api('POST', `/api/patients/${patientId}/lesions`, body, user);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; label: string; site: { code: string; display: string } };
}

async function linkedImage(patientId: string, lesionId: string | null) {
  const res = await upload(t, clinic.clinician.headers, patientId, [
    { filename: 'mole.jpg', data: await makeJpeg(64, 48) },
  ]);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().created[0].id as string;
  if (lesionId) {
    const linked = await api('PATCH', `/api/images/${id}`, { lesionId, modality: 'dermoscopic' });
    expect(linked.statusCode, linked.body).toBe(200);
  }
  return id;
}

describe('FHIR BodyStructure and Media.bodySite', () => {
  it('lists BodyStructure in the CapabilityStatement with read and search', async () => {
    const rest = (await t.app.inject({ url: '/fhir/R4/metadata' })).json().rest[0];
    const bs = rest.resource.find((r: { type: string }) => r.type === 'BodyStructure');
    expect(bs.interaction.map((i: { code: string }) => i.code).sort()).toEqual(['read', 'search-type']);
    expect(bs.searchParam.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'location', '_id', '_lastUpdated', '_tag']),
    );
  });

  it('reads a lesion as a BodyStructure: SNOMED CT location, laterality, patient, description, active', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'fhir-les-1' });
    const lesion = await newLesion(p.id, {
      site: { ...upperArm, description: 'Above the scar' },
      diagnosis: 'Naevus?',
    });
    const res = await get(`BodyStructure/${lesion.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      resourceType: 'BodyStructure',
      id: lesion.id,
      meta: { versionId: '1' },
      active: true,
      identifier: [{ system: 'urn:vellum:lesion-label', value: 'L1' }],
      location: { coding: [{ system: SNOMED_SYSTEM, code: '40983000', display: 'Upper arm' }] },
      locationQualifier: [{ coding: [{ system: SNOMED_SYSTEM, code: '7771000' }] }],
      description: 'Naevus?. Above the scar',
      patient: { reference: `Patient/${p.id}` },
    });
    expect(body.extension).toHaveLength(1);
    expect(body.extension[0].url).toMatch(/^http:\/\/[^/]+\/fhir\/R4\/StructureDefinition\/lesion-status$/);
    expect(body.extension[0].valueCoding).toEqual({ system: 'urn:vellum:lesion-status', code: 'monitoring' });
    // Excised: the record stays, the lesion is no longer on the skin.
    expect((await api('PATCH', `/api/lesions/${lesion.id}`, { status: 'excised' })).statusCode).toBe(200);
    const excised = (await get(`BodyStructure/${lesion.id}`)).json();
    expect([excised.active, excised.meta.versionId, excised.extension[0].valueCoding.code]).toEqual([
      false,
      '2',
      'excised',
    ]);
  });

  it("searches a patient's lesions by patient and location; other accounts' never match", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'fhir-les-2' });
    const q = await createPatient(t, clinic.clinician, { uniqueId: 'fhir-les-3' });
    const arm = await newLesion(p.id, { site: upperArm });
    const middle = await newLesion(p.id, { site: chest });
    await newLesion(q.id, { site: upperArm });
    const theirs = await createPatient(t, other.clinician, { uniqueId: 'fhir-les-4' });
    const foreign = await newLesion(theirs.id, { site: upperArm }, other.clinician);

    const mine = (await get(`BodyStructure?patient=Patient/${p.id}`)).json();
    expect(mine.total).toBe(2);
    expect(mine.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([arm.id, middle.id]);
    const midline = mine.entry[1].resource;
    expect(midline.locationQualifier).toBeUndefined();
    expect(midline.location.coding[0].code).toBe(middle.site.code);

    const armOnly = (await get(`BodyStructure?patient=${p.id}&location=${SNOMED_SYSTEM}|40983000`)).json();
    expect(armOnly.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([arm.id]);
    expect((await get(`BodyStructure?patient=${theirs.id}`)).json().total).toBe(0);
    expect((await get(`BodyStructure/${foreign.id}`)).statusCode).toBe(404);
    expect((await get('BodyStructure?morphology=x')).statusCode).toBe(400);
  });

  it("gives an image of a lesion the lesion's site as bodySite and the lesion as an extension", async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'fhir-les-5' });
    const lesion = await newLesion(p.id, { site: upperArm });
    const linked = await linkedImage(p.id, lesion.id);
    const loose = await linkedImage(p.id, null);
    const media = (await get(`Media/${linked}`)).json();
    expect(media.bodySite).toEqual({
      coding: [{ system: SNOMED_SYSTEM, code: '40983000', display: 'Upper arm' }],
      text: 'Upper arm',
    });
    expect(media.extension).toHaveLength(1);
    expect(media.extension[0].url).toMatch(/\/fhir\/R4\/StructureDefinition\/media-lesion$/);
    expect(media.extension[0].valueReference).toEqual({ reference: `BodyStructure/${lesion.id}` });
    expect(media.modality.coding[0]).toEqual({ system: 'urn:vellum:image-modality', code: 'dermoscopic' });
    const plain = (await get(`Media/${loose}`)).json();
    expect([plain.bodySite, plain.extension, plain.modality.coding[0].code]).toEqual([
      undefined,
      undefined,
      'clinical',
    ]);
    // The same in a search and in the image's history (the version that linked it).
    const found = (await get(`Media?patient=${p.id}`)).json();
    const inSearch = found.entry.find((e: { resource: { id: string } }) => e.resource.id === linked).resource;
    expect(inSearch.bodySite.coding[0].code).toBe('40983000');
    const history = (await get(`Media/${linked}/_history`)).json();
    const versions = history.entry.map(
      (e: { resource: { extension?: unknown[] } }) => e.resource.extension?.length ?? 0,
    );
    expect(versions).toEqual([1, 0]);
  });

  it('checks SMART scopes on BodyStructure as on every type', async () => {
    const p = await createPatient(t, clinic.clinician, { uniqueId: 'fhir-les-6' });
    const lesion = await newLesion(p.id, { site: upperArm });
    const tokenEndpoint = (await t.app.inject({ url: '/fhir/R4/.well-known/smart-configuration' })).json()
      .token_endpoint as string;
    const bearerFor = async (scope: string) => {
      const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), alg: 'ES384', kid: 'k1' };
      const reg = await api('POST', '/api/auth/clients', {
        name: `scoped ${scope}`,
        jwks: { keys: [jwk] },
        scope,
      });
      expect(reg.statusCode, reg.body).toBe(201);
      const clientId = reg.json().clientId as string;
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(tokenEndpoint)
        .setIssuedAt(now)
        .setExpirationTime(now + 240)
        .setJti(randomUUID())
        .sign(privateKey);
      const res = await t.app.inject({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: jwt,
        }).toString(),
      });
      expect(res.statusCode, res.body).toBe(200);
      return { authorization: `Bearer ${res.json().access_token}` };
    };
    const fhir = (url: string, headers: Record<string, string>) =>
      t.app.inject({ url: `/fhir/R4/${url}`, headers });
    const patientsOnly = await bearerFor('system/Patient.rs');
    const refused = await fhir(`BodyStructure/${lesion.id}`, patientsOnly);
    expect([refused.statusCode, refused.json().id]).toEqual([403, 'forbidden']);
    expect((await fhir(`BodyStructure?patient=${p.id}`, patientsOnly)).statusCode).toBe(403);
    const readOnly = await bearerFor('system/BodyStructure.r');
    expect((await fhir(`BodyStructure/${lesion.id}`, readOnly)).statusCode).toBe(200);
    expect((await fhir(`BodyStructure?patient=${p.id}`, readOnly)).statusCode).toBe(403);
    const searchToo = await bearerFor('system/BodyStructure.rs');
    expect((await fhir(`BodyStructure?patient=${p.id}`, searchToo)).json().total).toBe(1);
  });
});
