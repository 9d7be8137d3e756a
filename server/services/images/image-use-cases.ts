import { and, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { imagePatchBody } from '../../../shared/schemas/clinical.ts';
import type { Db } from '../../db/client.ts';
import { images, imageTags } from '../../db/schema-clinical.ts';
import { notFound, staleVersion } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { isUuid, requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { assertLesionOfPatient } from '../lesions/find.ts';
import { deletedAnswer } from '../lifecycle/deleted-answer.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { requireActivePatient } from '../patients/find.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { type ImageRow, imageSnapshot, presentImages } from './present.ts';

export async function findImage(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<ImageRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db
    .select()
    .from(images)
    .where(and(eq(images.id, id), eq(images.accountId, accountId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function requireActiveImage(db: Db, accountId: string, id: string, lock = false) {
  const row = await findImage(db, accountId, id, lock);
  if (!row) throw notFound('image');
  if (row.deletedAt) throw await deletedAnswer(db, 'image', { ...row, deletedAt: row.deletedAt });
  return row;
}

/** The patient's active image pool, newest first (the web app groups it by `day`). */
export async function listImages(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  await requireActivePatient(ctx.db, accountId, patientId);
  const rows = await ctx.db
    .select()
    .from(images)
    .where(and(eq(images.patientId, patientId), eq(images.accountId, accountId), isNull(images.deletedAt)))
    .orderBy(desc(images.uploadedAt));
  const items = await presentImages(ctx.db, rows);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

export async function getImage(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const row = await requireActiveImage(ctx.db, accountId, id);
  const [image] = await presentImages(ctx.db, [row]);
  if (!image) throw notFound('image');
  return image;
}

export async function updateImage(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: z.infer<typeof imagePatchBody>,
  ifMatch?: number,
) {
  const accountId = requireAccount(actor, 'patients.write');
  return ctx.db.transaction(async (tx) => {
    const row = await requireActiveImage(tx, accountId, id, true);
    if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
    if (patch.lesionId) await assertLesionOfPatient(tx, accountId, row.patientId, patch.lesionId);
    const now = ctx.clock.now();
    const version = row.version + 1;
    const lesionAndModality = {
      ...(patch.lesionId !== undefined ? { lesionId: patch.lesionId } : {}),
      ...(patch.modality !== undefined ? { modality: patch.modality } : {}),
    };
    await tx
      .update(images)
      .set({
        ...(patch.caption !== undefined ? { caption: patch.caption } : {}),
        ...lesionAndModality,
        version,
        lastModifiedAt: now,
      })
      .where(eq(images.id, id));
    if (patch.tagIds) {
      const tagSet = await assertTagIds(tx, accountId, patch.tagIds);
      await tx.delete(imageTags).where(eq(imageTags.imageId, id));
      if (tagSet.length)
        await tx.insert(imageTags).values(tagSet.map((tagId) => ({ imageId: id, tagId, accountId })));
      await refreshEffectiveTags(tx, [row.patientId]);
    }
    await refreshPatientStats(tx, row.patientId, now);
    const [image] = await presentImages(tx, [
      { ...row, caption: patch.caption ?? row.caption, ...lesionAndModality, version, lastModifiedAt: now },
    ]);
    if (!image) throw notFound('image');
    await writeVersion(tx, {
      recordType: 'image',
      recordId: id,
      version,
      accountId,
      patientId: row.patientId,
      operation: 'update',
      data: imageSnapshot(image),
      changedAt: now,
      changedBy: actor.userId,
    });
    await recordAudit(tx, ctx, actor, {
      action: 'image.update',
      targetType: 'image',
      targetId: id,
      patientId: row.patientId,
      details: { version, fields: Object.keys(patch).sort() },
    });
    return image;
  });
}

/** The bytes of one rendition, with what the response needs to describe them. */
export async function imageFile(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  size: 'thumbnail' | 'preview' | 'original',
) {
  const accountId = requireAccount(actor, 'patients.read');
  const row = await requireActiveImage(ctx.db, accountId, id);
  const key = size === 'original' ? row.originalKey : size === 'preview' ? row.previewKey : row.thumbnailKey;
  const contentType = size === 'original' ? row.contentType : 'image/jpeg';
  const ext = key.slice(key.lastIndexOf('.') + 1);
  return { stream: await storage.get(key), contentType, filename: `${row.id}-${size}.${ext}` };
}
