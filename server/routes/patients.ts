import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import {
  historyResponse,
  historyVersionSchema,
  patientCreateBody,
  patientListQuery,
  patientPatchBody,
  patientSchema,
  versionParams,
} from '../../shared/schemas/patients.ts';
import { actorOf, etag, ifMatchVersion } from '../http/auth.ts';
import { createPatient } from '../services/patients/create-patient.ts';
import { getPatient } from '../services/patients/get-patient.ts';
import { listPatients } from '../services/patients/list-patients.ts';
import { patientHistory, patientVersion } from '../services/patients/patient-history.ts';
import { updatePatient } from '../services/patients/update-patient.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 422: errorSchema };

export function patientRoutes(app: App, { ctx }: Deps) {
  app.post(
    '/api/patients',
    {
      schema: {
        tags: ['patients'],
        body: patientCreateBody,
        response: { 201: patientSchema, 409: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const patient = await createPatient(ctx, actorOf(request), request.body);
      return reply.status(201).header('etag', etag(patient.version)).send(patient);
    },
  );

  app.get(
    '/api/patients',
    {
      schema: {
        tags: ['patients'],
        querystring: patientListQuery,
        response: { 200: listOf(patientSchema), ...errors },
      },
    },
    async (request) => listPatients(ctx, actorOf(request), request.query),
  );

  app.get(
    '/api/patients/:id',
    { schema: { tags: ['patients'], params: idParams, response: { 200: patientSchema, ...errors } } },
    async (request, reply) => {
      const patient = await getPatient(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(patient.version)).send(patient);
    },
  );

  app.patch(
    '/api/patients/:id',
    {
      schema: {
        tags: ['patients'],
        params: idParams,
        body: patientPatchBody,
        response: { 200: patientSchema, 409: errorSchema, 412: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const patient = await updatePatient(
        ctx,
        actorOf(request),
        request.params.id,
        request.body,
        ifMatchVersion(request),
      );
      return reply.header('etag', etag(patient.version)).send(patient);
    },
  );

  app.get(
    '/api/patients/:id/history',
    { schema: { tags: ['patients'], params: idParams, response: { 200: historyResponse, ...errors } } },
    async (request) => patientHistory(ctx, actorOf(request), request.params.id),
  );

  app.get(
    '/api/patients/:id/history/:version',
    {
      schema: {
        tags: ['patients'],
        params: versionParams,
        response: { 200: historyVersionSchema, ...errors },
      },
    },
    async (request) => patientVersion(ctx, actorOf(request), request.params.id, request.params.version),
  );
}
