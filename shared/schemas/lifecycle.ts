import { z } from 'zod';
import { DELETION_POLICIES } from './admin.ts';
import { idSchema, isoTime, pageQuery } from './common.ts';
import { deletionNoteSchema, deletionReasonSchema } from './deletion-reason.ts';
import { LESION_STATUS_VALUES } from './lesions.ts';

/**
 * The typed phrase of a patient's deletion or recovery. Optional here so that a missing phrase is
 * answered like a wrong one (422 confirmation_mismatch), not as malformed input.
 */
export const confirmationBody = z.strictObject({ confirmation: z.string().max(300).optional() }).nullish();

/**
 * Why a record is deleted (PRODUCT.md §6). Optional here so that a patient's deletion without one
 * answers 422 reason_required; an entry, image or user deleted without one records `other`.
 */
const why = { reason: deletionReasonSchema.optional(), reasonNote: deletionNoteSchema.optional() };

/** A patient's deletion: the typed phrase and why. */
export const patientDeletionBody = z
  .strictObject({ confirmation: z.string().max(300).optional(), ...why })
  .nullish();

/** An entry's, image's or user's deletion: why, if said (the body may be left out). */
export const deletionBody = z.strictObject(why).nullish();

/** A legal hold's reason (PRODUCT.md §6): required, said in words. */
export const holdBody = z.strictObject({
  reason: z.string().trim().min(1, 'Say why the patient is held.').max(500),
});

export const deletionResult = z.object({
  deleted: z.object({ patients: z.number().int(), entries: z.number().int(), images: z.number().int() }),
  policy: z.enum(DELETION_POLICIES),
  expiresAt: isoTime.nullable().describe('when the deleted records are removed for good; null: already'),
});

/** Why it was deleted; a record deleted with its patient carries the patient's reason and note. */
export const deletionWhyFields = {
  reason: deletionReasonSchema.nullable().describe('null: deleted before reasons were recorded'),
  reasonNote: z.string().nullable(),
};

const deletionFields = {
  deletedAt: isoTime,
  deletedBy: idSchema.nullable(),
  deletedByEmail: z.string().nullable().describe('who deleted it, in words people read'),
  expiresAt: isoTime.nullable().describe('null while the patient is under legal hold'),
  held: z.boolean().describe('its patient is under legal hold: it does not expire'),
  cascade: z.boolean().describe('deleted with its patient (recovered with it), not on its own'),
  ...deletionWhyFields,
};

export const deletedEntrySchema = z.object({
  id: idSchema,
  patientId: idSchema,
  appointmentAt: isoTime,
  notes: z.string(),
  ...deletionFields,
});

export const deletedImageSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  filename: z.string(),
  caption: z.string(),
  capturedAt: isoTime.nullable(),
  uploadedAt: isoTime,
  ...deletionFields,
});

export const deletedLesionSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  label: z.string(),
  status: z.enum(LESION_STATUS_VALUES),
  siteRegion: z.string(),
  siteSide: z.string(),
  ...deletionFields,
});

export const deletedItemsResponse = z.object({
  entries: z.array(deletedEntrySchema),
  images: z.array(deletedImageSchema),
  lesions: z.array(deletedLesionSchema),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const deletedPatientsQuery = z.object({
  sort: z.enum(['expiresAt', 'deletedAt']).default('expiresAt'),
  /** Default: soonest expiry first, or most recently deleted first. */
  order: z.enum(['asc', 'desc']).optional(),
  physicianId: z.string().regex(UUID, 'Not a user id.').optional(),
  ...pageQuery,
});

export const deletedPatientSchema = z.object({
  id: idSchema,
  uniqueId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  physicianId: idSchema.nullable().describe('the user who created the patient'),
  deletedAt: isoTime,
  deletedBy: idSchema.nullable(),
  deletedByEmail: z.string().nullable().describe('who deleted it, in words people read'),
  expiresAt: isoTime.nullable().describe('null while the patient is under legal hold'),
  held: z.boolean(),
  holdReason: z.string().nullable(),
  ...deletionWhyFields,
});
