import { eq } from 'drizzle-orm';
import type { LesionChanges } from '../../../shared/schemas/lesions.ts';
import type { Db } from '../../db/client.ts';
import { lesions, lesionTags } from '../../db/schema-clinical.ts';
import { notFound, staleVersion } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { requireActiveLesion } from './find.ts';
import { type LesionRow, lesionSnapshot, presentLesions } from './present.ts';
import { siteColumns } from './site.ts';

/** PATCH /api/lesions/{id}: any subset of label, status, diagnosis, site and tags; If-Match optional. */
export async function changeLesion(
  ctx: Ctx,
  actor: Actor,
  id: string,
  changes: LesionChanges,
  ifMatch?: number,
) {
  const accountId = requireAccount(actor, 'patients.write');
  const site = changes.site ? siteColumns(changes.site) : {};
  return ctx.db.transaction(async (tx) => {
    const row = await requireActiveLesion(tx, accountId, id, true);
    await requireActivePatient(tx, accountId, row.patientId);
    if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
    return applyLesionChanges(tx, ctx, actor, accountId, row, changes, site);
  });
}

/**
 * Writes the changes to a lesion locked by the caller: the row, its tags, a version and the audit
 * event. The PATCH and live edits both come here.
 */
export async function applyLesionChanges(
  tx: Db,
  ctx: Ctx,
  actor: Actor,
  accountId: string,
  row: LesionRow,
  changes: LesionChanges,
  site: Partial<ReturnType<typeof siteColumns>>,
) {
  const id = row.id;
  const now = ctx.clock.now();
  const version = row.version + 1;
  await tx
    .update(lesions)
    .set({
      ...(changes.label !== undefined ? { label: changes.label } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.diagnosis !== undefined ? { diagnosis: changes.diagnosis } : {}),
      ...site,
      version,
      lastModifiedAt: now,
    })
    .where(eq(lesions.id, id));
  if (changes.tagIds) {
    const tagSet = await assertTagIds(tx, accountId, changes.tagIds);
    await tx.delete(lesionTags).where(eq(lesionTags.lesionId, id));
    if (tagSet.length)
      await tx.insert(lesionTags).values(tagSet.map((tagId) => ({ lesionId: id, tagId, accountId })));
  }
  const [updated] = await tx.select().from(lesions).where(eq(lesions.id, id));
  const [lesion] = updated ? await presentLesions(tx, [updated]) : [];
  if (!lesion) throw notFound('lesion');
  await writeVersion(tx, {
    recordType: 'lesion',
    recordId: id,
    version,
    accountId,
    patientId: row.patientId,
    operation: 'update',
    data: lesionSnapshot(lesion),
    changedAt: now,
    changedBy: actor.userId,
  });
  await recordAudit(tx, ctx, actor, {
    action: 'lesion.update',
    targetType: 'lesion',
    targetId: id,
    patientId: row.patientId,
    details: { version, fields: Object.keys(changes).sort() },
  });
  return lesion;
}
