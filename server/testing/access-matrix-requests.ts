import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { currentSetupCode } from '../services/setup.ts';
import type { MatrixFixture } from './access-matrix.ts';
import { WEB_FILE } from './access-matrix.ts';
import { storedBackup } from './backups.ts';
import { storedDestructionRecord } from './destruction.ts';
import { dicomRequest } from './dicom-matrix.ts';
import { REMOVAL_ROUTES, removalRequest } from './expunge.ts';
import { fhirRequest } from './fhir.ts';
import { makeJpeg, multipart } from './fixtures.ts';
import { TEST_PASSWORD, type TestUser } from './harness.ts';
import { LESION_LIFECYCLE_ROUTES, lesionLifecycleRequest } from './lesion-lifecycle.ts';
import { holdRequest, LIFECYCLE_ROUTES, lifecycleRequest } from './lifecycle.ts';
import { MY_SECURITY_ROUTES, mySecurityRequest } from './my-security.ts';
import { PASSWORD_ROUTES, passwordRequest } from './passwords.ts';
import { USER_LIFECYCLE_ROUTES, userLifecycleRequest } from './users.ts';

// A valid request for each route of the role × route matrix, on account A's records, so that the
// answer depends only on who asks. Grouped by area; each group returns undefined for other routes.

export interface MatrixRequest {
  url: string;
  payload?: object | string | Buffer;
  headers?: Record<string, string>;
}

type Builder = (
  f: MatrixFixture,
  route: string,
  user: TestUser | undefined,
) => Promise<MatrixRequest | undefined>;

/** Deleting, recovering and removing for good: a fresh record (or user, or account) each time. */
const lifecycle: Builder = async (f, route) => {
  const { t, clinic, root, unique } = f;
  if (route in LIFECYCLE_ROUTES) return lifecycleRequest(t, clinic.clinician, route, unique('life'));
  if (LESION_LIFECYCLE_ROUTES.includes(route))
    return lesionLifecycleRequest(t, clinic.clinician, route, unique('lesion-life'));
  if (route === 'POST /api/patients/:id/hold' || route === 'DELETE /api/patients/:id/hold')
    return holdRequest(t, clinic, route, unique('held'));
  if (USER_LIFECYCLE_ROUTES.includes(route))
    return userLifecycleRequest(t, root, clinic.account.id, route, `${unique('gone')}@matrix.test`);
  if (REMOVAL_ROUTES.includes(route)) return removalRequest(t, clinic.clinician, root, route, unique('gone'));
  return undefined;
};

/** Patients, entries, images, consents and tags of account A. */
const clinical: Builder = async (f, route) => {
  const { t, clinic, unique } = f;
  const post = (url: string, user: TestUser, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: user.headers, payload }).then((r) => r.json().id as string);
  const newTag = () => post('/api/tags', clinic.admin, { name: unique('tag'), categoryId: f.categoryId });
  switch (route) {
    case 'POST /api/patients':
      return { url: '/api/patients', payload: { uniqueId: unique('m') } };
    case 'PATCH /api/patients/:id':
      return { url: `/api/patients/${f.patientId}`, payload: { note: unique('seen') } };
    case 'POST /api/patients/:id/entries':
      return {
        url: `/api/patients/${f.patientId}/entries`,
        payload: { appointmentAt: '2026-02-01T09:00:00Z' },
      };
    case 'PATCH /api/entries/:id':
      return { url: `/api/entries/${f.entryId}`, payload: { notes: unique('note') } };
    case 'POST /api/patients/:id/images': {
      const body = multipart([{ filename: 'x.jpg', data: await makeJpeg(32, 32) }]);
      return { url: `/api/patients/${f.patientId}/images`, payload: body.payload, headers: body.headers };
    }
    case 'PATCH /api/images/:id':
      return { url: `/api/images/${f.imageId}`, payload: { caption: unique('caption') } };
    case 'POST /api/patients/:id/lesions':
      return {
        url: `/api/patients/${f.patientId}/lesions`,
        payload: { site: { view: 'back', x: 0.5, y: 0.3 } },
      };
    case 'PATCH /api/lesions/:id':
      return { url: `/api/lesions/${f.lesionId}`, payload: { diagnosis: unique('diagnosis') } };
    case 'POST /api/patients/:id/consents':
      return { url: `/api/patients/${f.patientId}/consents`, payload: { method: 'written' } };
    case 'POST /api/consents/:id/revoke': {
      const id = await post(`/api/patients/${f.patientId}/consents`, clinic.clinician, { method: 'verbal' });
      return { url: `/api/consents/${id}/revoke`, payload: {} };
    }
    case 'GET /api/consents/:id/signature':
      return { url: `/api/consents/${f.signedConsentId}/signature` };
    case 'POST /api/tag-categories':
      return { url: '/api/tag-categories', payload: { name: unique('category'), color: '#654321' } };
    case 'PATCH /api/tag-categories/:id':
      return { url: `/api/tag-categories/${f.categoryId}`, payload: { color: '#abcdef' } };
    case 'POST /api/tags':
      return { url: '/api/tags', payload: { name: unique('tag'), categoryId: f.categoryId } };
    case 'PATCH /api/tags/:id':
      return { url: `/api/tags/${await newTag()}`, payload: { name: unique('renamed') } };
    case 'DELETE /api/tags/:id':
      return { url: `/api/tags/${await newTag()}` };
    default:
      return undefined;
  }
};

/** Sign-in, setup, settings, users, accounts and backups. */
const administration: Builder = async (f, route) => {
  const { t, clinic, unique } = f;
  switch (route) {
    case WEB_FILE:
      return { url: '/' };
    case 'POST /api/auth/login':
      return { url: '/api/auth/login', payload: { email: clinic.clinician.email, password: TEST_PASSWORD } };
    case 'POST /api/setup':
      return {
        url: '/api/setup',
        payload: {
          setupCode: currentSetupCode(),
          email: `${unique('setup')}@matrix.test`,
          password: TEST_PASSWORD,
        },
      };
    case 'POST /api/auth/tokens':
      return { url: '/api/auth/tokens', payload: { name: 'matrix' } };
    case 'PATCH /api/auth/me':
      return { url: '/api/auth/me', payload: { language: null } };
    case 'PATCH /api/settings':
      return { url: '/api/settings', payload: { auditLevel: 'essential' } };
    case 'GET /api/accounts/:id':
      return { url: `/api/accounts/${clinic.account.id}` };
    case 'POST /api/accounts':
      return { url: '/api/accounts', payload: { name: unique('Account') } };
    case 'POST /api/users': {
      const email = `${unique('user')}@matrix.test`;
      const payload = { email, password: TEST_PASSWORD, role: 'assistant', accountId: clinic.account.id };
      return { url: '/api/users', payload };
    }
    case 'POST /api/admin/backups':
      await waitForBackups(t.storage); // one backup at a time
      return { url: '/api/admin/backups' };
    case 'GET /api/admin/backups/:id/download':
      return { url: `/api/admin/backups/${await storedBackup(t)}/download` };
    case 'POST /api/admin/backups/:id/verify':
      return { url: `/api/admin/backups/${await storedBackup(t)}/verify` };
    case 'GET /api/admin/destruction-records/:id':
      return { url: `/api/admin/destruction-records/${await storedDestructionRecord(t)}` };
    case 'GET /api/admin/destruction-records/:id/csv':
      return { url: `/api/admin/destruction-records/${await storedDestructionRecord(t)}/csv` };
    case 'GET /api/admin/destruction-records/:id/certificate':
      return { url: `/api/admin/destruction-records/${await storedDestructionRecord(t)}/certificate` };
    case 'POST /api/admin/backups/:id/restore': {
      // A backup of this very moment: restoring it changes nothing the later rows rely on.
      const id = await storedBackup(t);
      return { url: `/api/admin/backups/${id}/restore`, payload: { confirmation: `restore backup ${id}` } };
    }
    default:
      return undefined;
  }
};

/** Routes whose request is their path with account A's ids in it. */
function plain(f: MatrixFixture, route: string): MatrixRequest {
  const url = route.split(' ')[1] ?? '';
  const id = url.startsWith('/api/entries/')
    ? f.entryId
    : url.startsWith('/api/images/')
      ? f.imageId
      : url.startsWith('/api/lesions/')
        ? f.lesionId
        : f.patientId;
  return { url: url.replace(':id', id).replace(':version', '1') };
}

/** The request for this route; `user` matters only where the record must be the caller's own. */
export async function requestFor(
  f: MatrixFixture,
  route: string,
  user: TestUser | undefined,
): Promise<MatrixRequest> {
  if (route.includes(' /fhir/') || route.includes(' /oauth2/') || route.includes('/api/auth/clients'))
    return fhirRequest(f.t, { ...f, clinician: f.clinic.clinician }, route, user);
  if (MY_SECURITY_ROUTES.includes(route)) return mySecurityRequest(f.t, route, user);
  if (PASSWORD_ROUTES.includes(route))
    return passwordRequest(f.t, f.root, f.clinic.account.id, route, user, `${f.unique('pw')}@matrix.test`);
  const dicom = await dicomRequest(f, route);
  if (dicom) return dicom;
  for (const build of [lifecycle, clinical, administration]) {
    const request = await build(f, route, user);
    if (request) return request;
  }
  return plain(f, route);
}
