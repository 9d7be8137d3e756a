import { z } from 'zod';
import { isoTime } from './common.ts';

// PRODUCT.md §8: backups of the whole deployment, taken and restored by a super administrator.

export const backupIdParams = z.object({ id: z.string().min(1).max(64) });

export const backupSchema = z.object({
  id: z.string(),
  createdAt: isoTime,
  size: z.number().int().nullable().describe('bytes of the archive; null while it is written'),
  status: z.enum(['complete', 'running', 'failed']),
  percent: z.number().int().min(0).max(100),
  trigger: z.enum(['manual', 'scheduled']).nullable().describe('known while running or failed'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const restoreBackupBody = z.object({
  confirmation: z.string().max(200).describe('must equal "restore backup <id>"'),
  trustPublicKey: z
    .string()
    .max(4000)
    .optional()
    .describe("another deployment's public key (PEM or one-line base64) whose signed backups to accept"),
});

export const restoreResult = z.object({
  id: z.string(),
  createdAt: isoTime,
  schema: z.string().describe('the database schema version of the archive'),
  rows: z.number().int(),
  files: z.number().int(),
  removedFiles: z.number().int().describe('stored files the backup did not hold, removed'),
});

/** A backup as the list shows it: with the database schema it was taken at, once it is complete. */
export const backupListItem = backupSchema.extend({
  schema: z
    .string()
    .nullable()
    .describe('the last migration of the database it holds; null while running, failed or unreadable'),
});

export const backupVerifyResult = z.object({
  id: z.string(),
  intact: z.boolean().describe('complete, and every entry matches its size and SHA-256'),
  restorable: z.boolean().describe('intact, and of a schema this deployment can take'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: isoTime.nullable(),
  engine: z.enum(['embedded', 'postgres']).nullable(),
  schema: z.string().nullable(),
  tables: z.number().int(),
  rows: z.number().int(),
  files: z.number().int(),
  fileBytes: z.number().int(),
});

export const backupScheduleSchema = z.object({
  enabled: z.boolean().describe('a daily backup is taken (VELLUM_BACKUP_TIME is set)'),
  time: z.string().nullable().describe('HH:MM, server local time'),
  keep: z.number().int().describe('complete backups kept after each scheduled one (VELLUM_BACKUP_KEEP)'),
  encryption: z
    .enum(['passphrase', 'recipient'])
    .nullable()
    .describe('what stored backups are encrypted to; null: no key set, so none is written'),
  nextRunAt: isoTime.nullable(),
});
