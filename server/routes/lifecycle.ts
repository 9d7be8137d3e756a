import { imageSchema } from '../../shared/schemas/clinical.ts';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { entrySchema } from '../../shared/schemas/entries.ts';
import {
  confirmationBody,
  deletedItemsResponse,
  deletedPatientSchema,
  deletedPatientsQuery,
  deletionBody,
  deletionResult,
  holdBody,
  patientDeletionBody,
} from '../../shared/schemas/lifecycle.ts';
import { patientSchema } from '../../shared/schemas/patients.ts';
import { actorOf, etag } from '../http/auth.ts';
import { deleteEntry } from '../services/lifecycle/delete-entry.ts';
import { deleteImage } from '../services/lifecycle/delete-image.ts';
import { deletePatient } from '../services/lifecycle/delete-patient.ts';
import { listDeletedItems } from '../services/lifecycle/deleted-items.ts';
import { listDeletedPatients } from '../services/lifecycle/deleted-patients.ts';
import { placeHold } from '../services/lifecycle/place-hold.ts';
import { releaseHold } from '../services/lifecycle/release-hold.ts';
import { restoreEntry } from '../services/lifecycle/restore-entry.ts';
import { restoreImage } from '../services/lifecycle/restore-image.ts';
import { restorePatient } from '../services/lifecycle/restore-patient.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §6: deleting under the deletion policy, recovering, and the deleted-records lists.
const errors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  410: errorSchema,
  422: errorSchema,
};

export function lifecycleRoutes(app: App, { ctx, storage }: Deps) {
  app.delete(
    '/api/patients/:id',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: patientDeletionBody,
        response: { 200: deletionResult, ...errors },
      },
    },
    async (request) =>
      deletePatient(
        ctx,
        storage,
        actorOf(request),
        request.params.id,
        request.body?.confirmation,
        request.body ?? {},
      ),
  );
  app.post(
    '/api/patients/:id/restore',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: confirmationBody,
        response: { 200: patientSchema, ...errors },
      },
    },
    async (request, reply) => {
      const patient = await restorePatient(
        ctx,
        actorOf(request),
        request.params.id,
        request.body?.confirmation,
      );
      return reply.header('etag', etag(patient.version)).send(patient);
    },
  );
  app.delete(
    '/api/entries/:id',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: deletionBody,
        response: { 200: deletionResult, ...errors },
      },
    },
    async (request) => deleteEntry(ctx, storage, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/api/entries/:id/restore',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: entrySchema, ...errors } } },
    async (request, reply) => {
      const entry = await restoreEntry(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(entry.version)).send(entry);
    },
  );
  app.delete(
    '/api/images/:id',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: deletionBody,
        response: { 200: deletionResult, ...errors },
      },
    },
    async (request) => deleteImage(ctx, storage, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/api/images/:id/restore',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: imageSchema, ...errors } } },
    async (request, reply) => {
      const image = await restoreImage(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(image.version)).send(image);
    },
  );
  app.get(
    '/api/patients/:id/deleted-items',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: deletedItemsResponse, ...errors } } },
    async (request) => listDeletedItems(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/deleted/patients',
    {
      schema: {
        tags: ['lifecycle'],
        querystring: deletedPatientsQuery,
        response: { 200: listOf(deletedPatientSchema), ...errors },
      },
    },
    async (request) => listDeletedPatients(ctx, actorOf(request), request.query),
  );
  app.post(
    '/api/patients/:id/hold',
    {
      schema: {
        tags: ['lifecycle'],
        params: idParams,
        body: holdBody,
        response: { 200: patientSchema, ...errors },
      },
    },
    async (request) => placeHold(ctx, actorOf(request), request.params.id, request.body.reason),
  );
  app.delete(
    '/api/patients/:id/hold',
    { schema: { tags: ['lifecycle'], params: idParams, response: { 200: patientSchema, ...errors } } },
    async (request) => releaseHold(ctx, storage, actorOf(request), request.params.id),
  );
}
