import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { openDestruction } from '../lifecycle/destruction-record.ts';
import { removeRecords } from '../lifecycle/remove-records.ts';
import { findRecordToExpunge, recordExpunge } from './find-record.ts';

/**
 * Hard-deletes one image with its stored files (first), versions and activity, active or deleted.
 * It leaves every workspace and comparison, and an active one's patient gets its counts and
 * effective tags recomputed.
 */
export async function expungeImage(ctx: Ctx, storage: BlobStore, actor: Actor, id: string) {
  requireCapability(actor, 'records.expunge');
  const found = await findRecordToExpunge(ctx.db, 'image', id);
  if (!found) throw notFound('image');
  const expunged = await removeRecords(
    ctx,
    storage,
    { imageIds: [id] },
    {
      destruction: openDestruction(ctx.clock.now(), 'expunge', actor, 'expunge', {
        accountId: found.accountId,
      }),
    },
  );
  await recordExpunge(ctx, actor, 'image', found.accountId, expunged);
  return { expunged };
}
