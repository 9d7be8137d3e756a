import {
  backupIdParams,
  backupListItem,
  backupScheduleSchema,
  backupSchema,
  backupVerifyResult,
  restoreBackupBody,
  restoreResult,
} from '../../shared/schemas/backups.ts';
import { errorSchema, listOf } from '../../shared/schemas/common.ts';
import { actorOf } from '../http/auth.ts';
import { waitForBackups } from '../services/backups/backup-jobs.ts';
import { getBackupSchedule } from '../services/backups/backup-schedule.ts';
import { createBackup } from '../services/backups/create-backup.ts';
import { listBackupsDescribed } from '../services/backups/describe-backups.ts';
import { downloadBackup } from '../services/backups/download-backup.ts';
import { restoreStoredBackup } from '../services/backups/restore-stored-backup.ts';
import { verifyStoredBackup } from '../services/backups/verify-stored-backup.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §8 (docs/OPERATIONS.md, "Backups"): super administrators only.
const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

export function backupRoutes(app: App, { ctx, config, database, storage, evidence }: Deps) {
  app.addHook('onClose', () => waitForBackups(storage));
  app.get(
    '/api/admin/backups',
    { schema: { tags: ['admin'], response: { 200: listOf(backupListItem), ...errors } } },
    async (request) => listBackupsDescribed(storage, actorOf(request), config.backupKey),
  );
  app.get(
    '/api/admin/backups/schedule',
    { schema: { tags: ['admin'], response: { 200: backupScheduleSchema, ...errors } } },
    async (request) => getBackupSchedule(ctx, actorOf(request), config.backup, config.backupKey),
  );
  app.post(
    '/api/admin/backups',
    { schema: { tags: ['admin'], response: { 201: backupSchema, ...errors } } },
    async (request, reply) => {
      const { job } = await createBackup(ctx, database, storage, actorOf(request), {
        trigger: 'manual',
        evidence,
        key: config.backupKey,
      });
      return reply.status(201).send({ ...job, size: null, error: null });
    },
  );
  app.post(
    '/api/admin/backups/:id/restore',
    {
      schema: {
        tags: ['admin'],
        params: backupIdParams,
        body: restoreBackupBody,
        response: { 200: restoreResult, ...errors },
      },
    },
    async (request) =>
      restoreStoredBackup(ctx, database, storage, actorOf(request), request.params.id, request.body, {
        evidence,
        key: config.backupKey,
      }),
  );
  app.get(
    '/api/admin/backups/:id/download',
    { schema: { tags: ['admin'], params: backupIdParams } },
    async (request, reply) => {
      const file = await downloadBackup(ctx, storage, actorOf(request), request.params.id);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.stream);
    },
  );
  app.post(
    '/api/admin/backups/:id/verify',
    {
      schema: { tags: ['admin'], params: backupIdParams, response: { 200: backupVerifyResult, ...errors } },
    },
    async (request) =>
      verifyStoredBackup(ctx, storage, actorOf(request), request.params.id, evidence, config.backupKey),
  );
}
