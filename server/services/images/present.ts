import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type images, imageTags } from '../../db/schema-clinical.ts';
import type { ImageModality } from '../../domain/lesions.ts';

export type ImageRow = typeof images.$inferSelect;

export async function presentImages(db: Db, rows: ImageRow[]) {
  const ids = rows.map((r) => r.id);
  const tagRows = ids.length ? await db.select().from(imageTags).where(inArray(imageTags.imageId, ids)) : [];
  const tagsBy = new Map<string, string[]>();
  for (const t of tagRows) tagsBy.set(t.imageId, [...(tagsBy.get(t.imageId) ?? []), t.tagId]);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    version: r.version,
    caption: r.caption,
    filename: r.filename,
    contentType: r.contentType,
    width: r.width,
    height: r.height,
    byteSize: r.byteSize,
    sha256: r.sha256,
    capturedAt: r.capturedAt?.toISOString() ?? null,
    uploadedAt: r.uploadedAt.toISOString(),
    uploadedBy: r.uploadedBy,
    tagIds: (tagsBy.get(r.id) ?? []).sort(),
    modality: r.modality as ImageModality,
    lesionId: r.lesionId,
    day: (r.capturedAt ?? r.uploadedAt).toISOString().slice(0, 10),
    urls: {
      original: `/api/images/${r.id}/file?size=original`,
      preview: `/api/images/${r.id}/file?size=preview`,
      thumbnail: `/api/images/${r.id}/file?size=thumbnail`,
    },
    lastModifiedAt: r.lastModifiedAt.toISOString(),
  }));
}
export type PresentedImage = Awaited<ReturnType<typeof presentImages>>[number];

export const imageSnapshot = (i: PresentedImage) => ({
  caption: i.caption,
  tagIds: i.tagIds,
  modality: i.modality,
  lesionId: i.lesionId,
  filename: i.filename,
  sha256: i.sha256,
});
