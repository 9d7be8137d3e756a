import type { MatrixFixture } from './access-matrix.ts';
import type { MatrixRequest } from './access-matrix-requests.ts';

// The DICOM routes of the role × route matrix: endpoints of account A made by the super
// administrator; a send of the fixture's entry (its workspace is empty, so nothing leaves).

/** A port nothing listens on (and fetch does not block): the PACS cannot be reached. */
const NOWHERE = 'http://127.0.0.1:2/dicom-web';

async function newEndpoint(f: MatrixFixture) {
  const res = await f.t.app.inject({
    method: 'POST',
    url: '/api/admin/dicom-endpoints',
    headers: f.root.headers,
    payload: { accountId: f.clinic.account.id, name: f.unique('pacs'), baseUrl: NOWHERE },
  });
  return res.json().id as string;
}

export async function dicomRequest(f: MatrixFixture, route: string): Promise<MatrixRequest | undefined> {
  switch (route) {
    case 'POST /api/patients/:id/dicom/send':
      return {
        url: `/api/patients/${f.patientId}/dicom/send`,
        payload: { endpointId: await newEndpoint(f), entryId: f.entryId },
      };
    case 'GET /api/patients/:id/dicom/status':
      return { url: `/api/patients/${f.patientId}/dicom/status?endpointId=${await newEndpoint(f)}` };
    case 'POST /api/admin/dicom-endpoints':
      return {
        url: '/api/admin/dicom-endpoints',
        payload: { accountId: f.clinic.account.id, name: f.unique('pacs'), baseUrl: NOWHERE },
      };
    case 'PATCH /api/admin/dicom-endpoints/:id':
      return {
        url: `/api/admin/dicom-endpoints/${await newEndpoint(f)}`,
        payload: { name: f.unique('renamed') },
      };
    case 'DELETE /api/admin/dicom-endpoints/:id':
      return { url: `/api/admin/dicom-endpoints/${await newEndpoint(f)}` };
    default:
      return undefined;
  }
}
