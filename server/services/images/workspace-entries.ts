import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { entries, workspaceImages } from '../../db/schema-clinical.ts';

/** For each image, the active entries whose workspace holds it, earliest appointment first. */
export async function workspaceEntriesOf(
  db: Db,
  accountId: string,
  imageIds: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (imageIds.length === 0) return result;
  const rows = await db
    .select({ imageId: workspaceImages.imageId, entryId: workspaceImages.entryId })
    .from(workspaceImages)
    .innerJoin(entries, and(eq(entries.id, workspaceImages.entryId), isNull(entries.deletedAt)))
    .where(and(eq(workspaceImages.accountId, accountId), inArray(workspaceImages.imageId, imageIds)))
    .orderBy(asc(entries.appointmentAt), asc(entries.id));
  for (const r of rows) result.set(r.imageId, [...(result.get(r.imageId) ?? []), r.entryId]);
  return result;
}
