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
});

export const restoreResult = z.object({
  id: z.string(),
  createdAt: isoTime,
  schema: z.string().describe('the database schema version of the archive'),
  rows: z.number().int(),
  files: z.number().int(),
  removedFiles: z.number().int().describe('stored files the backup did not hold, removed'),
});
