import { count, eq } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { consents, entries, images, lesions } from '../../db/schema-clinical.ts';
import { conflict, notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { openDestruction } from '../lifecycle/destruction-record.ts';
import { removeRecords } from '../lifecycle/remove-records.ts';
import { findRecordToExpunge, recordExpunge } from './find-record.ts';

/**
 * Hard-deletes a patient with all its versions, files and activity, whatever its state and the
 * deletion policy; afterwards every read answers 404. Without `everything` only the patient goes,
 * so one that still has entries, images, lesions or consents (deleted ones included) is refused (409
 * has_dependents): nothing is removed that was not asked for. With `everything` its whole
 * compartment goes, in batches, files first.
 */
export async function expungePatient(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  id: string,
  options: { everything?: boolean } = {},
) {
  requireCapability(actor, 'records.expunge');
  const found = await findRecordToExpunge(ctx.db, 'patient', id);
  if (!found) throw notFound('patient');
  const everything = options.everything ?? false;
  if (!everything) {
    const dependents = await countDependents(ctx.db, id);
    if (dependents.entries + dependents.images + dependents.lesions + dependents.consents > 0) {
      throw conflict(
        'has_dependents',
        'This patient still has entries, images, lesions or consents. Expunge it with everything=true to remove them too.',
        dependents,
      );
    }
  }
  const expunged = await removeRecords(
    ctx,
    storage,
    { patientIds: [id] },
    {
      destruction: openDestruction(ctx.clock.now(), 'expunge', actor, 'expunge', {
        accountId: found.accountId,
      }),
    },
  );
  await recordExpunge(ctx, actor, 'patient', found.accountId, expunged, everything);
  return { expunged };
}

async function countDependents(db: Db, patientId: string) {
  const [[e], [i], [l], [c]] = await together(db, [
    () => db.select({ n: count() }).from(entries).where(eq(entries.patientId, patientId)),
    () => db.select({ n: count() }).from(images).where(eq(images.patientId, patientId)),
    () => db.select({ n: count() }).from(lesions).where(eq(lesions.patientId, patientId)),
    () => db.select({ n: count() }).from(consents).where(eq(consents.patientId, patientId)),
  ]);
  return { entries: e?.n ?? 0, images: i?.n ?? 0, lesions: l?.n ?? 0, consents: c?.n ?? 0 };
}
