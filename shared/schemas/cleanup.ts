import { z } from 'zod';
import { DELETION_POLICIES, settingsSchema } from './admin.ts';
import { userSchema } from './auth.ts';
import { idSchema, isoTime } from './common.ts';
import { deletionWhyFields } from './lifecycle.ts';

// PRODUCT.md §6: deleting and recovering users, and the cleanup of what has expired.

export const userDeletionResult = z.object({
  user: userSchema,
  policy: z.enum(DELETION_POLICIES),
  expiresAt: isoTime.nullable().describe('when the user is removed for good; null: already'),
});

export const deletedUserSchema = userSchema.extend({
  deletedAt: isoTime,
  deletedBy: idSchema.nullable(),
  expiresAt: isoTime,
  ...deletionWhyFields,
});

export const cleanupCounts = z.object({
  patients: z.number().int(),
  entries: z.number().int(),
  images: z.number().int(),
  lesions: z.number().int().default(0),
  users: z.number().int(),
  logs: z.number().int().describe('activity-log events whose content was removed'),
  files: z.number().int(),
});

export const cleanupFailure = z.object({
  kind: z.enum(['patient', 'entry', 'image', 'lesion', 'user', 'logs', 'account', 'files']),
  id: idSchema.nullable(),
  message: z.string(),
});

export const cleanupResult = z.object({
  runId: idSchema,
  removed: cleanupCounts,
  failures: z.array(cleanupFailure),
});

export const cleanupRunSchema = z.object({
  id: idSchema,
  startedAt: isoTime,
  finishedAt: isoTime.nullable().describe('null: the run stopped halfway; the next one finishes it'),
  trigger: z
    .enum(['manual', 'scheduled', 'cli', 'retention', 'hold_release', 'policy'])
    .describe(
      'retention: a retention change; hold_release: what a released legal hold had kept past its expiry; policy: a switch to Permanent that purged the recoverable records',
    ),
  instance: z.string(),
  removed: cleanupCounts.nullable(),
  failures: z.array(cleanupFailure),
});

export const cleanupStatus = z.object({
  lastRun: cleanupRunSchema.nullable(),
  runs: z.array(cleanupRunSchema).describe('the last 30 runs, newest first'),
  nextRunAt: isoTime.describe('the next daily run'),
  schedule: z.string().describe('cron pattern of the daily run, in server local time'),
});

/** PATCH /api/settings: the preferences, and what a retention change removed at once (its run). */
export const settingsChangeResult = settingsSchema.extend({
  runId: idSchema.optional(),
  removed: cleanupCounts.optional(),
  failures: z.array(cleanupFailure).optional().describe('records the next cleanup finishes'),
});
