import { z } from 'zod';
import { idSchema, isoTime } from './common.ts';

export const SECTION_KEYS = ['workspace', 'comparisons', 'tagsNotes'] as const;

export const comparisonInput = z.strictObject({
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(100),
  imageIds: z
    .array(idSchema)
    .min(2, 'A comparison holds 2 to 4 images.')
    .max(4, 'A comparison holds 2 to 4 images.'),
});

const appointment = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** Every editable part of an entry; a PATCH or a live patch sends any subset. */
export const entryChanges = z.strictObject({
  appointmentAt: appointment.optional(),
  notes: z.string().max(100_000).optional(),
  tagIds: z.array(idSchema).max(100).optional(),
  workspaceImageIds: z.array(idSchema).max(1000).optional(),
  comparisons: z.array(comparisonInput).max(100).optional(),
  sections: z.partialRecord(z.enum(SECTION_KEYS), z.boolean()).optional(),
});
export type EntryChanges = z.infer<typeof entryChanges>;

export const entryCreateBody = z.strictObject({
  appointmentAt: appointment,
  notes: z.string().max(100_000).optional(),
  tagIds: z.array(idSchema).max(100).optional(),
});

export const entrySchema = z.object({
  id: idSchema,
  patientId: idSchema,
  version: z.number().int(),
  appointmentAt: isoTime,
  physicianId: idSchema.nullable(),
  notes: z.string(),
  tagIds: z.array(idSchema),
  effectiveTagIds: z.array(idSchema),
  workspaceImageIds: z.array(idSchema),
  comparisons: z.array(z.object({ id: idSchema, name: z.string(), imageIds: z.array(idSchema) })),
  sections: z.record(z.string(), z.boolean()),
  createdAt: isoTime,
  lastModifiedAt: isoTime,
});
