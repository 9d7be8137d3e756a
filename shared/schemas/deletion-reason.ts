import { z } from 'zod';

/** Why a record was deleted (PRODUCT.md §6): kept on its deletion marker and in its audit event. */
export const DELETION_REASONS = [
  'duplicate',
  'wrong_patient',
  'patient_request',
  'retention_policy',
  'other',
] as const;
export type DeletionReason = (typeof DELETION_REASONS)[number];

export const deletionReasonSchema = z.enum(DELETION_REASONS);

/** The optional free-text note beside the reason. */
export const deletionNoteSchema = z.string().trim().max(500);
