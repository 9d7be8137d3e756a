import { z } from 'zod';
import { DELETION_POLICIES } from './admin.ts';
import { isoTime } from './common.ts';
import { deletionNoteSchema, deletionReasonSchema } from './deletion-reason.ts';

// PRODUCT.md §6 for lesions: deleting one (with or without its photos) and recovering it.

/** DELETE /api/lesions/{id}: why (default `other`), a note, and whether its photos go with it. */
export const lesionDeletionBody = z
  .strictObject({
    reason: deletionReasonSchema.default('other'),
    reasonNote: deletionNoteSchema.optional(),
    deleteImages: z
      .boolean()
      .default(false)
      .describe(
        'also delete the images linked to it (recovered with it); otherwise they are unlinked and kept',
      ),
  })
  .nullish();

export const lesionDeletionResult = z.object({
  deleted: z.object({ lesions: z.number().int(), images: z.number().int() }),
  unlinkedImages: z.number().int().describe('images that stay in the pool, no longer linked to the lesion'),
  policy: z.enum(DELETION_POLICIES),
  expiresAt: isoTime
    .nullable()
    .describe('when the deleted lesion (and its deleted images) are removed for good; null: already'),
});
