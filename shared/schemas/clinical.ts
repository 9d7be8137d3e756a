import { z } from 'zod';
import { idSchema, isoTime } from './common.ts';
import { IMAGE_MODALITY_VALUES } from './lesions.ts';

export const CONSENT_METHODS = ['signature', 'verbal', 'written', 'other'] as const;

/** A drawn signature arrives as a PNG data URL (at most ~1 MB of base64). */
export const consentBody = z
  .strictObject({
    method: z.enum(CONSENT_METHODS),
    signature: z
      .string()
      .max(1_400_000)
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'Send the signature as a PNG data URL.')
      .optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.method === 'signature' && !b.signature) {
      ctx.addIssue({
        code: 'custom',
        path: ['signature'],
        message: 'A signature consent needs the drawn signature.',
      });
    }
    if (b.method !== 'signature' && b.signature) {
      ctx.addIssue({
        code: 'custom',
        path: ['signature'],
        message: 'Only a signature consent carries a signature.',
      });
    }
  });

export const revokeBody = z.strictObject({ note: z.string().trim().max(2000).optional() });

export const consentSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  method: z.enum(CONSENT_METHODS),
  hasSignature: z.boolean(),
  signatureUrl: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: idSchema.nullable(),
  recordedAt: isoTime,
  status: z.enum(['active', 'revoked']),
  revokedAt: isoTime.nullable(),
  revokedBy: idSchema.nullable(),
  revokeNote: z.string().nullable(),
});

export const imageSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  version: z.number().int(),
  caption: z.string(),
  filename: z.string(),
  contentType: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  byteSize: z.number().int(),
  sha256: z.string(),
  capturedAt: isoTime.nullable(),
  uploadedAt: isoTime,
  uploadedBy: idSchema.nullable(),
  tagIds: z.array(idSchema),
  modality: z.enum(IMAGE_MODALITY_VALUES),
  lesionId: idSchema.nullable(),
  day: z.string().describe('YYYY-MM-DD of capture (or upload), for grouping the pool by day'),
  urls: z.object({ original: z.string(), preview: z.string(), thumbnail: z.string() }),
  lastModifiedAt: isoTime,
});

export const imagePatchBody = z.strictObject({
  caption: z.string().trim().max(2000).optional(),
  tagIds: z.array(idSchema).max(100).optional(),
  modality: z.enum(IMAGE_MODALITY_VALUES).optional(),
  /** Link the image to a lesion of the same patient, or null to unlink it. */
  lesionId: idSchema.nullable().optional(),
});

/**
 * The form fields of an upload, sent before its files: the new images show this lesion (of the same
 * patient) and were taken this way.
 */
export const imageUploadFields = z.strictObject({
  lesionId: idSchema.optional(),
  modality: z.enum(IMAGE_MODALITY_VALUES).optional(),
});
export type ImageUploadFields = z.infer<typeof imageUploadFields>;

export const imageFileQuery = z.object({
  size: z.enum(['thumbnail', 'preview', 'original']).default('original'),
});

export const uploadResponse = z.object({
  created: z.array(imageSchema),
  rejected: z.array(z.object({ filename: z.string(), code: z.string(), message: z.string() })),
});
