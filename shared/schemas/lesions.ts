import { z } from 'zod';
import { BODY_REGIONS, BODY_VIEWS } from '../body-map.ts';
import { idSchema, isoTime } from './common.ts';

export const LESION_STATUS_VALUES = ['monitoring', 'biopsied', 'excised', 'resolved'] as const;
/** overview: a body area or the whole body; clinical: a close-up; dermoscopic: through a dermatoscope. */
export const IMAGE_MODALITY_VALUES = ['overview', 'clinical', 'dermoscopic'] as const;

/** A point placed on the body map; the server finds the region and side and checks the code. */
export const bodySiteInput = z.strictObject({
  view: z.enum(BODY_VIEWS as ['front', 'back']),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  code: z
    .string()
    .regex(/^\d{6,18}$/, 'A SNOMED CT code is 6 to 18 digits.')
    .optional(),
  description: z.string().trim().max(500).optional(),
});

export const lesionCreateBody = z.strictObject({
  /** "L1", "L2", … when not given. */
  label: z.string().trim().min(1).max(40).optional(),
  status: z.enum(LESION_STATUS_VALUES).default('monitoring'),
  diagnosis: z.string().trim().max(2000).optional(),
  site: bodySiteInput,
  tagIds: z.array(idSchema).max(100).optional(),
});

/** Every editable part of a lesion; a PATCH or a live patch sends any subset. */
export const lesionChanges = z.strictObject({
  label: z.string().trim().min(1).max(40).optional(),
  status: z.enum(LESION_STATUS_VALUES).optional(),
  diagnosis: z.string().trim().max(2000).optional(),
  site: bodySiteInput.optional(),
  tagIds: z.array(idSchema).max(100).optional(),
});
export type LesionChanges = z.infer<typeof lesionChanges>;

export const bodySiteSchema = z.object({
  view: z.enum(BODY_VIEWS as ['front', 'back']),
  x: z.number(),
  y: z.number(),
  region: z.enum(BODY_REGIONS),
  side: z.enum(['left', 'right', 'midline']),
  code: z.string().describe('SNOMED CT body structure'),
  display: z.string(),
  description: z.string(),
});

export const lesionSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  version: z.number().int(),
  label: z.string(),
  status: z.enum(LESION_STATUS_VALUES),
  diagnosis: z.string(),
  site: bodySiteSchema,
  tagIds: z.array(idSchema),
  imageCount: z.number().int(),
  createdAt: isoTime,
  createdBy: idSchema.nullable(),
  lastModifiedAt: isoTime,
});
