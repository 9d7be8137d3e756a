import {
  consentBody,
  consentSchema,
  imageFileQuery,
  imagePatchBody,
  imageSchema,
  imageUploadFields,
  revokeBody,
  uploadResponse,
} from '../../shared/schemas/clinical.ts';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { historyResponse, historyVersionSchema, versionParams } from '../../shared/schemas/patients.ts';
import { AppError, invalid } from '../errors.ts';
import { actorOf, etag, ifMatchVersion } from '../http/auth.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { fileEtag, stillFresh } from '../http/privacy.ts';
import { fieldErrors, readUploadParts } from '../http/upload-parts.ts';
import {
  consentSignature,
  listConsents,
  recordConsent,
  revokeConsent,
} from '../services/consent/consent-use-cases.ts';
import { imageHistory, imageVersion } from '../services/images/image-history.ts';
import { getImage, imageFile, listImages, updateImage } from '../services/images/image-use-cases.ts';
import {
  MAX_IMAGE_BYTES,
  MAX_PARTS_READ,
  prepareUpload,
  uploadImages,
} from '../services/images/upload-images.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 422: errorSchema };

export function imageRoutes(app: App, { ctx, storage }: Deps) {
  app.post(
    '/api/patients/:id/images',
    {
      schema: {
        tags: ['images'],
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: uploadResponse, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new AppError(415, 'unsupported_media_type', 'Send the images as multipart/form-data.');
      const actor = actorOf(request);
      // Refuse (404, 410, 403 consent_required) before reading a byte of the batch.
      await prepareUpload(ctx, actor, request.params.id);
      // Files past MAX_FILES_PER_UPLOAD are refused one by one (too_many_files), never by
      // failing a request that has stored some; this bound only stops an endless stream of parts.
      const { fields, files } = await readUploadParts(request, {
        fileSize: MAX_IMAGE_BYTES,
        files: MAX_PARTS_READ,
        fields: 10,
      });
      const target = imageUploadFields.safeParse(fields);
      if (!target.success) throw invalid('Some form fields are not valid.', fieldErrors(target.error));
      const result = await uploadImages(ctx, storage, actor, request.params.id, files, target.data);
      return reply.status(201).send(result);
    },
  );
  app.get(
    '/api/patients/:id/images',
    { schema: { tags: ['images'], params: idParams, response: { 200: listOf(imageSchema), ...errors } } },
    async (request) => listImages(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/images/:id',
    { schema: { tags: ['images'], params: idParams, response: { 200: imageSchema, ...errors } } },
    async (request, reply) => {
      const image = await getImage(ctx, actorOf(request), request.params.id);
      return reply.header('etag', etag(image.version)).send(image);
    },
  );
  app.patch(
    '/api/images/:id',
    {
      schema: {
        tags: ['images'],
        params: idParams,
        body: imagePatchBody,
        response: { 200: imageSchema, 412: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const image = await updateImage(
        ctx,
        actorOf(request),
        request.params.id,
        request.body,
        ifMatchVersion(request),
      );
      return reply.header('etag', etag(image.version)).send(image);
    },
  );
  app.get(
    '/api/images/:id/file',
    { schema: { tags: ['images'], params: idParams, querystring: imageFileQuery } },
    async (request, reply) => {
      const file = await imageFile(ctx, storage, actorOf(request), request.params.id, request.query.size);
      // Revalidated at every use (no-cache), so a copy is never shown once access to it has ended.
      const tag = fileEtag(request.params.id, request.query.size ?? 'original');
      reply.header('etag', tag).header('cache-control', 'private, no-cache');
      if (stillFresh(request.headers['if-none-match'], tag)) {
        file.stream.destroy();
        return reply.status(304).send();
      }
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('inline', file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(file.stream);
    },
  );
  app.get(
    '/api/images/:id/history',
    { schema: { tags: ['images'], params: idParams, response: { 200: historyResponse, ...errors } } },
    async (request) => imageHistory(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/images/:id/history/:version',
    {
      schema: { tags: ['images'], params: versionParams, response: { 200: historyVersionSchema, ...errors } },
    },
    async (request) => imageVersion(ctx, actorOf(request), request.params.id, request.params.version),
  );

  app.get(
    '/api/patients/:id/consents',
    { schema: { tags: ['consent'], params: idParams, response: { 200: listOf(consentSchema), ...errors } } },
    async (request) => listConsents(ctx, actorOf(request), request.params.id),
  );
  app.post(
    '/api/patients/:id/consents',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['consent'],
        params: idParams,
        body: consentBody,
        response: { 201: consentSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordConsent(ctx, storage, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/consents/:id/revoke',
    {
      schema: {
        tags: ['consent'],
        params: idParams,
        body: revokeBody,
        response: { 200: consentSchema, 409: errorSchema, ...errors },
      },
    },
    async (request) => revokeConsent(ctx, actorOf(request), request.params.id, request.body.note),
  );
  app.get(
    '/api/consents/:id/signature',
    { schema: { tags: ['consent'], params: idParams } },
    async (request, reply) => {
      const stream = await consentSignature(ctx, storage, actorOf(request), request.params.id);
      const tag = fileEtag(request.params.id, 'signature');
      reply.header('etag', tag).header('cache-control', 'private, no-cache');
      if (stillFresh(request.headers['if-none-match'], tag)) {
        stream.destroy();
        return reply.status(304).send();
      }
      return reply
        .header('content-type', 'image/png')
        .header('content-disposition', contentDisposition('inline', `consent-${request.params.id}.png`))
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  );
}
