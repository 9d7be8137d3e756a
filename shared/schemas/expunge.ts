import { z } from 'zod';

// PRODUCT.md §6 "Expunge": hard deletion by a super administrator; afterwards every read is 404.

export const expungeQuery = z.object({
  everything: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe("patients only: also the patient's entries, images, lesions, consents, files and activity"),
});

const n = z.number().int();

export const expungeResult = z.object({
  expunged: z.object({
    patients: n,
    entries: n,
    images: n,
    lesions: n,
    consents: n,
    files: n.describe('stored files removed (originals, previews, thumbnails, signatures)'),
    versions: n.describe('history rows removed'),
    logs: n.describe('activity-log events whose content was removed (their hashes stay)'),
  }),
});
