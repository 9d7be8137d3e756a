import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { type entries, entryTags, images, imageTags, workspaceImages } from '../../db/schema-clinical.ts';
import { isUuid } from '../access.ts';
import { entryRowOf, lockEntryWithRelations } from './entry-statements.ts';

export type EntryRow = typeof entries.$inferSelect;

/** The entry as the API shows it; deleted images vanish from its workspace and comparisons. */
export async function presentEntries(db: Db, rows: EntryRow[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [tagRows, workspaceRows, inheritedRows] = await together(db, [
    () => db.select().from(entryTags).where(inArray(entryTags.entryId, ids)),
    () =>
      db
        .select({ entryId: workspaceImages.entryId, imageId: workspaceImages.imageId })
        .from(workspaceImages)
        .innerJoin(images, and(eq(images.id, workspaceImages.imageId), isNull(images.deletedAt)))
        .where(inArray(workspaceImages.entryId, ids))
        .orderBy(asc(workspaceImages.position)),
    () =>
      db
        .select({ entryId: workspaceImages.entryId, tagId: imageTags.tagId })
        .from(workspaceImages)
        .innerJoin(images, and(eq(images.id, workspaceImages.imageId), isNull(images.deletedAt)))
        .innerJoin(imageTags, eq(imageTags.imageId, workspaceImages.imageId))
        .where(inArray(workspaceImages.entryId, ids)),
  ]);
  const by = <T extends { entryId: string }, V>(list: T[], pick: (t: T) => V) => {
    const m = new Map<string, V[]>();
    for (const t of list) m.set(t.entryId, [...(m.get(t.entryId) ?? []), pick(t)]);
    return m;
  };
  const tagsBy = by(tagRows, (t) => t.tagId);
  const workspaceBy = by(workspaceRows, (w) => w.imageId);
  const inheritedBy = by(inheritedRows, (t) => t.tagId);
  return rows.map((e) => {
    const tagIds = [...(tagsBy.get(e.id) ?? [])].sort();
    return presentEntryRow(e, {
      tagIds,
      effectiveTagIds: [...new Set([...tagIds, ...(inheritedBy.get(e.id) ?? [])])].sort(),
      workspaceImageIds: workspaceBy.get(e.id) ?? [],
    });
  });
}

/** What an entry's presentation reads from other tables: its tags and its visible workspace. */
interface EntryRelations {
  tagIds: string[];
  effectiveTagIds: string[];
  workspaceImageIds: string[];
}

/** The entry as the API shows it, from its row and its relations (no query). */
export function presentEntryRow(e: EntryRow, relations: EntryRelations) {
  const visible = new Set(relations.workspaceImageIds);
  return {
    id: e.id,
    patientId: e.patientId,
    version: e.version,
    appointmentAt: e.appointmentAt.toISOString(),
    physicianId: e.physicianId,
    notes: e.notes,
    tagIds: relations.tagIds,
    effectiveTagIds: relations.effectiveTagIds,
    workspaceImageIds: relations.workspaceImageIds,
    comparisons: e.comparisons
      .map((c) => ({ ...c, imageIds: c.imageIds.filter((id) => visible.has(id)) }))
      .filter((c) => c.imageIds.length >= 2),
    sections: { workspace: true, comparisons: true, tagsNotes: true, ...e.sections },
    createdAt: e.createdAt.toISOString(),
    lastModifiedAt: e.lastModifiedAt.toISOString(),
  };
}
export type PresentedEntry = ReturnType<typeof presentEntryRow>;

/** What a version keeps: what people edited, not the computed parts. */
export function entrySnapshot(e: PresentedEntry): Record<string, unknown> {
  const { effectiveTagIds: _e, sections: _s, lastModifiedAt: _l, ...rest } = e;
  return rest;
}

/**
 * The entry's row, locked for update, with its relations in the same statement: what an edit
 * reads before it writes, in one round trip instead of four.
 */
export async function lockAndPresentEntry(db: Db, accountId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await lockEntryWithRelations(db, [id, accountId]);
  if (!row) return undefined;
  const entry = entryRowOf(row);
  const own = [...(row.tag_ids as string[])].sort();
  const presented = presentEntryRow(entry, {
    tagIds: own,
    effectiveTagIds: [...new Set([...own, ...(row.inherited_tag_ids as string[])])].sort(),
    workspaceImageIds: row.workspace_image_ids as string[],
  });
  return { entry, presented };
}
