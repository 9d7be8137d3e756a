import { createHash, randomUUID } from 'node:crypto';
import type { ImageUploadFields } from '../../../shared/schemas/clinical.ts';
import { images } from '../../db/schema-clinical.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { assertLesionOfPatient } from '../lesions/find.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { writeVersion } from '../versions.ts';
import type { ProcessedImage } from './process-image.ts';

export const imageKeys = (accountId: string, imageId: string, extension: string) => {
  const dir = `accounts/${accountId}/images/${imageId}`;
  return {
    original: `${dir}/original.${extension}`,
    preview: `${dir}/preview.jpg`,
    thumbnail: `${dir}/thumbnail.jpg`,
  };
};

/**
 * Stores one processed image: the row, its first version and the patient's counts in one
 * transaction, with the files written before it commits. If the files cannot be written the row
 * rolls back and any written file is removed, so there is never a row without its files.
 */
export async function storeImage(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  accountId: string,
  patientId: string,
  filename: string,
  processed: ProcessedImage,
  target: ImageUploadFields = {},
) {
  const id = randomUUID();
  const modality = target.modality ?? 'clinical';
  const lesionId = target.lesionId ?? null;
  const keys = imageKeys(accountId, id, processed.extension);
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      // The lesion may have been deleted since the batch was checked; its row is locked till commit.
      if (lesionId) await assertLesionOfPatient(tx, accountId, patientId, lesionId, true);
      const [row] = await tx
        .insert(images)
        .values({
          id,
          accountId,
          patientId,
          filename,
          contentType: processed.contentType,
          width: processed.width,
          height: processed.height,
          byteSize: processed.original.length,
          sha256: processed.sha256,
          // Kept so a destruction record can name every removed file's hash without reading it.
          previewSha256: sha256Of(processed.preview),
          thumbnailSha256: sha256Of(processed.thumbnail),
          capturedAt: processed.capturedAt,
          uploadedAt: now,
          uploadedBy: actor.userId,
          originalKey: keys.original,
          previewKey: keys.preview,
          thumbnailKey: keys.thumbnail,
          lastModifiedAt: now,
          modality,
          lesionId,
        })
        .returning();
      if (!row) throw new Error('image row not stored');
      await refreshPatientStats(tx, patientId, now);
      await writeVersion(tx, {
        recordType: 'image',
        recordId: id,
        version: 1,
        accountId,
        patientId,
        operation: 'create',
        data: { caption: '', tagIds: [], modality, lesionId, filename, sha256: processed.sha256 },
        changedAt: now,
        changedBy: actor.userId,
      });
      await recordAudit(tx, ctx, actor, {
        action: 'image.upload',
        targetType: 'image',
        targetId: id,
        patientId,
        details: {
          contentType: processed.contentType,
          bytes: processed.original.length,
          ...(lesionId ? { lesionId } : {}),
        },
      });
      await Promise.all([
        storage.put(keys.original, processed.original),
        storage.put(keys.preview, processed.preview),
        storage.put(keys.thumbnail, processed.thumbnail),
      ]);
      return row;
    });
  } catch (err) {
    await Promise.all(Object.values(keys).map((k) => storage.remove(k).catch(() => undefined)));
    throw err;
  }
}

const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');
