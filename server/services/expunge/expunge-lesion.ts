import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { openDestruction } from '../lifecycle/destruction-record.ts';
import { removeRecords } from '../lifecycle/remove-records.ts';
import { findRecordToExpunge, recordExpunge } from './find-record.ts';

/**
 * Hard-deletes one lesion with its versions and activity, active or deleted, as an entry's expunge.
 * Its images stay (they are the patient's), no longer linked to it.
 */
export async function expungeLesion(ctx: Ctx, storage: BlobStore, actor: Actor, id: string) {
  requireCapability(actor, 'records.expunge');
  const found = await findRecordToExpunge(ctx.db, 'lesion', id);
  if (!found) throw notFound('lesion');
  const expunged = await removeRecords(
    ctx,
    storage,
    { lesionIds: [id] },
    {
      destruction: openDestruction(ctx.clock.now(), 'expunge', actor, 'expunge', {
        accountId: found.accountId,
      }),
    },
  );
  await recordExpunge(ctx, actor, 'lesion', found.accountId, expunged);
  return { expunged };
}
