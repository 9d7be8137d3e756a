import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import {
  dicomEndpointBody,
  dicomEndpointPatch,
  dicomEndpointQuery,
  dicomEndpointSchema,
  dicomSendBody,
  dicomSendResponse,
  dicomStatusQuery,
  dicomStatusResponse,
  dicomTargetSchema,
} from '../../shared/schemas/dicom.ts';
import { actorOf } from '../http/auth.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  listTargets,
  updateEndpoint,
} from '../services/dicom/endpoints.ts';
import { exportDicomZip, exportEntryDicomZip, exportImageDicom } from '../services/dicom/export-dicom.ts';
import { pacsStatus } from '../services/dicom/pacs-status.ts';
import { sendToPacs } from '../services/dicom/send-dicom.ts';
import type { App, Deps } from './types.ts';

const errors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  410: errorSchema,
  422: errorSchema,
};

/** DICOM export, sending to a PACS (DICOMweb) and the Manager's endpoints (docs/DICOM.md). */
export function dicomRoutes(app: App, { ctx, storage, config }: Deps) {
  const deps = { ctx, storage, config: config.dicom };
  const download = (type: string, filename: string) => ({
    'content-type': type,
    'content-disposition': contentDisposition('attachment', filename),
    'x-content-type-options': 'nosniff',
  });

  app.get(
    '/api/images/:id/dicom',
    { schema: { tags: ['dicom'], params: idParams } },
    async (request, reply) => {
      const file = await exportImageDicom(deps, actorOf(request), request.params.id);
      return reply.headers(download('application/dicom', file.filename)).send(file.bytes);
    },
  );
  app.get(
    '/api/patients/:id/dicom',
    { schema: { tags: ['dicom'], params: idParams } },
    async (request, reply) => {
      const file = await exportDicomZip(deps, actorOf(request), request.params.id);
      return reply.headers(download('application/zip', file.filename)).send(file.zip);
    },
  );
  app.get(
    '/api/entries/:id/dicom',
    { schema: { tags: ['dicom'], params: idParams } },
    async (request, reply) => {
      const file = await exportEntryDicomZip(deps, actorOf(request), request.params.id);
      return reply.headers(download('application/zip', file.filename)).send(file.zip);
    },
  );

  app.post(
    '/api/patients/:id/dicom/send',
    {
      schema: {
        tags: ['dicom'],
        params: idParams,
        body: dicomSendBody,
        response: { 200: dicomSendResponse, ...errors },
      },
    },
    async (request) => sendToPacs(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/patients/:id/dicom/status',
    {
      schema: {
        tags: ['dicom'],
        params: idParams,
        querystring: dicomStatusQuery,
        response: { 200: dicomStatusResponse, ...errors },
      },
    },
    async (request) => pacsStatus(deps, actorOf(request), request.params.id, request.query.endpointId),
  );
  app.get(
    '/api/dicom-endpoints',
    { schema: { tags: ['dicom'], response: { 200: listOf(dicomTargetSchema), ...errors } } },
    async (request) => listTargets(ctx, actorOf(request)),
  );

  app.get(
    '/api/admin/dicom-endpoints',
    {
      schema: {
        tags: ['dicom'],
        querystring: dicomEndpointQuery,
        response: { 200: listOf(dicomEndpointSchema), ...errors },
      },
    },
    async (request) => listEndpoints(ctx, actorOf(request), request.query.accountId),
  );
  app.post(
    '/api/admin/dicom-endpoints',
    {
      schema: { tags: ['dicom'], body: dicomEndpointBody, response: { 201: dicomEndpointSchema, ...errors } },
    },
    async (request, reply) =>
      reply.status(201).send(await createEndpoint(ctx, actorOf(request), request.body)),
  );
  app.patch(
    '/api/admin/dicom-endpoints/:id',
    {
      schema: {
        tags: ['dicom'],
        params: idParams,
        body: dicomEndpointPatch,
        response: { 200: dicomEndpointSchema, ...errors },
      },
    },
    async (request) => updateEndpoint(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/admin/dicom-endpoints/:id',
    { schema: { tags: ['dicom'], params: idParams } },
    async (request, reply) => {
      await deleteEndpoint(ctx, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
