import { z } from 'zod';
import { idParams, idSchema } from '../../shared/schemas/common.ts';
import { actorOf } from '../http/auth.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { patientReport } from '../services/reports/patient-report.ts';
import type { App, Deps } from './types.ts';

export function reportRoutes(app: App, { ctx, storage }: Deps) {
  app.get(
    '/api/patients/:id/report.pdf',
    {
      schema: {
        tags: ['reports'],
        params: idParams,
        querystring: z.object({ entryId: idSchema.optional() }),
      },
    },
    async (request, reply) => {
      const report = await patientReport(
        ctx,
        storage,
        actorOf(request),
        request.params.id,
        request.query.entryId,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', report.filename))
        .header('x-content-type-options', 'nosniff')
        .send(report.pdf);
    },
  );
}
