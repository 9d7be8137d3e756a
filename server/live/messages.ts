import { z } from 'zod';
import { entryChanges } from '../../shared/schemas/entries.ts';
import { lesionChanges } from '../../shared/schemas/lesions.ts';

// What editors send over /api/live: an entry's messages name `entryId`, a lesion's `lesionId`.

const entryMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), entryId: z.string().max(64) }),
  z.object({ type: z.literal('unsubscribe'), entryId: z.string().max(64) }),
  z.object({
    type: z.literal('patch'),
    entryId: z.string().max(64),
    baseVersion: z.number().int().min(1),
    changes: entryChanges,
    requestId: z.string().max(100),
  }),
]);

const lesionMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), lesionId: z.string().max(64) }),
  z.object({ type: z.literal('unsubscribe'), lesionId: z.string().max(64) }),
  z.object({
    type: z.literal('patch'),
    lesionId: z.string().max(64),
    baseVersion: z.number().int().min(1),
    changes: lesionChanges,
    requestId: z.string().max(100),
  }),
]);

export const clientMessage = z.union([entryMessage, lesionMessage]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** The subscription key of a record: entries by id, lesions apart so that ids never meet. */
export const topicOf = (m: { entryId?: string; lesionId?: string }) =>
  m.lesionId ? `lesion:${m.lesionId}` : (m.entryId ?? '');

/** Sends the stored form of what changed (ids given to new comparisons, dates as ISO strings). */
export function normalized(changes: Record<string, unknown>, stored: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(changes)) out[k] = (stored as Record<string, unknown>)[k];
  return out;
}
