import { z } from 'zod';
import { errorSchema, idParams, pageQuery } from '../../shared/schemas/common.ts';
import { destructionRecordList, destructionRecordSchema } from '../../shared/schemas/destruction.ts';
import { actorOf } from '../http/auth.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { destructionCertificate } from '../services/destruction/destruction-certificate.ts';
import { destructionRecordCsv } from '../services/destruction/destruction-csv.ts';
import { listDestructionRecords } from '../services/destruction/list-destruction-records.ts';
import { readDestructionRecord } from '../services/destruction/read-destruction-record.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §6: destruction records for super administrators, as JSON, CSV and a PDF certificate.
const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function destructionRecordRoutes(app: App, { ctx }: Deps) {
  app.get(
    '/api/admin/destruction-records',
    {
      schema: {
        tags: ['admin'],
        querystring: z.object(pageQuery),
        response: { 200: destructionRecordList, ...errors },
      },
    },
    async (request) => listDestructionRecords(ctx, actorOf(request), request.query),
  );
  app.get(
    '/api/admin/destruction-records/:id',
    { schema: { tags: ['admin'], params: idParams, response: { 200: destructionRecordSchema, ...errors } } },
    async (request) => readDestructionRecord(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/admin/destruction-records/:id/csv',
    { schema: { tags: ['admin'], params: idParams } },
    async (request, reply) => {
      const { csv, filename } = await destructionRecordCsv(ctx, actorOf(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', filename))
        .header('x-content-type-options', 'nosniff')
        .send(csv);
    },
  );
  app.get(
    '/api/admin/destruction-records/:id/certificate',
    { schema: { tags: ['admin'], params: idParams } },
    async (request, reply) => {
      const { pdf, filename } = await destructionCertificate(ctx, actorOf(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', filename))
        .header('x-content-type-options', 'nosniff')
        .send(pdf);
    },
  );
}
