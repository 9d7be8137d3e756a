import { z } from 'zod';
import { idSchema, isoTime, listOf } from './common.ts';

// PRODUCT.md §6: destruction records, the proof of what the lifecycle removed for good.

export const DESTRUCTION_TRIGGERS = [
  'cleanup',
  'retention_cut',
  'retention_raise',
  'expunge',
  'purge',
  'account_deletion',
  'permanent_deletion',
] as const;

export const DESTROYED_KINDS = ['patient', 'entry', 'image', 'lesion', 'consent', 'user'] as const;

const destroyedCounts = z.object({
  patients: z.number().int(),
  entries: z.number().int(),
  images: z.number().int(),
  lesions: z.number().int(),
  consents: z.number().int(),
  users: z.number().int(),
  files: z.number().int(),
});

export const destructionRecordSummary = z.object({
  id: idSchema,
  createdAt: isoTime,
  trigger: z.enum(DESTRUCTION_TRIGGERS),
  triggeredBy: z.string().describe('the e-mail of who caused it, or the process ("scheduled cleanup")'),
  rule: z.string().describe('the rule that applied, in words'),
  accountId: idSchema.nullable(),
  cleanupRunId: idSchema.nullable(),
  counts: destroyedCounts,
});

export const destroyedItemSchema = z.object({
  kind: z.enum(DESTROYED_KINDS),
  id: idSchema,
  uniqueIdHash: z
    .string()
    .nullable()
    .describe("SHA-256 (hex) of the deployment's salt followed by the patient's unique ID; null for users"),
  files: z.array(
    z.object({
      file: z.string(),
      sha256: z.string().nullable().describe('null: the file was already gone and no hash was kept'),
    }),
  ),
  pacs: z
    .array(z.object({ endpoint: z.string(), baseUrl: z.string() }))
    .describe('PACS the image had been sent to: that copy is outside Vellum'),
});

export const destructionRecordSchema = destructionRecordSummary.extend({
  items: z.array(destroyedItemSchema),
});

export const destructionRecordList = listOf(destructionRecordSummary);
