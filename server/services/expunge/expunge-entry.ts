import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { openDestruction } from '../lifecycle/destruction-record.ts';
import { removeRecords } from '../lifecycle/remove-records.ts';
import { findRecordToExpunge, recordExpunge } from './find-record.ts';

/**
 * Hard-deletes one entry with its versions and activity, active or deleted; an active one's
 * patient gets its counts and effective tags recomputed. Its images stay: they are the patient's.
 */
export async function expungeEntry(ctx: Ctx, storage: BlobStore, actor: Actor, id: string) {
  requireCapability(actor, 'records.expunge');
  const found = await findRecordToExpunge(ctx.db, 'entry', id);
  if (!found) throw notFound('entry');
  const expunged = await removeRecords(
    ctx,
    storage,
    { entryIds: [id] },
    {
      destruction: openDestruction(ctx.clock.now(), 'expunge', actor, 'expunge', {
        accountId: found.accountId,
      }),
    },
  );
  await recordExpunge(ctx, actor, 'entry', found.accountId, expunged);
  return { expunged };
}
