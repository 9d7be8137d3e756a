import { and, count, inArray, isNull } from 'drizzle-orm';
import { type BodyRegion, type BodySide, type BodyView, regionCodes } from '../../../shared/body-map.ts';
import { type Db, together } from '../../db/client.ts';
import { images, type lesions, lesionTags } from '../../db/schema-clinical.ts';
import type { LesionStatus } from '../../domain/lesions.ts';

export type LesionRow = typeof lesions.$inferSelect;

/** Lesions as the API shows them: the site in full, tags, and how many active images show each. */
export async function presentLesions(db: Db, rows: LesionRow[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [tagRows, imageCounts] = await together(db, [
    () => db.select().from(lesionTags).where(inArray(lesionTags.lesionId, ids)),
    () =>
      db
        .select({ lesionId: images.lesionId, n: count() })
        .from(images)
        .where(and(inArray(images.lesionId, ids), isNull(images.deletedAt)))
        .groupBy(images.lesionId),
  ]);
  const tagsBy = new Map<string, string[]>();
  for (const t of tagRows) tagsBy.set(t.lesionId, [...(tagsBy.get(t.lesionId) ?? []), t.tagId]);
  const countBy = new Map(imageCounts.map((c) => [c.lesionId, Number(c.n)]));
  return rows.map((r) => presentLesionRow(r, (tagsBy.get(r.id) ?? []).sort(), countBy.get(r.id) ?? 0));
}

export function presentLesionRow(r: LesionRow, tagIds: string[], imageCount: number) {
  const region = r.siteRegion as BodyRegion;
  return {
    id: r.id,
    patientId: r.patientId,
    version: r.version,
    label: r.label,
    status: r.status as LesionStatus,
    diagnosis: r.diagnosis,
    site: {
      view: r.siteView as BodyView,
      x: r.siteX,
      y: r.siteY,
      region,
      side: r.siteSide as BodySide,
      code: r.siteCode,
      display: regionCodes(region).find((c) => c.code === r.siteCode)?.display ?? r.siteCode,
      description: r.siteDescription,
    },
    tagIds,
    imageCount,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    lastModifiedAt: r.lastModifiedAt.toISOString(),
  };
}
export type PresentedLesion = ReturnType<typeof presentLesionRow>;

/** What a version keeps: every editable field. */
export const lesionSnapshot = (l: PresentedLesion) => ({
  label: l.label,
  status: l.status,
  diagnosis: l.diagnosis,
  site: l.site,
  tagIds: l.tagIds,
});
