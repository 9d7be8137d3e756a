import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { lesionCreateBody } from '../../../shared/schemas/lesions.ts';
import { lesions, lesionTags } from '../../db/schema-clinical.ts';
import { nextLesionLabel } from '../../domain/lesions.ts';
import { requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';
import { assertTagIds } from '../tags.ts';
import { writeVersion } from '../versions.ts';
import { lesionSnapshot, presentLesionRow } from './present.ts';
import { siteColumns } from './site.ts';

export async function createLesion(
  ctx: Ctx,
  actor: Actor,
  patientId: string,
  input: z.infer<typeof lesionCreateBody>,
) {
  const accountId = requireAccount(actor, 'patients.write');
  const site = siteColumns(input.site);
  return ctx.db.transaction(async (tx) => {
    // The patient's row lock also serialises the choice of the next free label.
    await requireActivePatient(tx, accountId, patientId, true);
    const tagSet = await assertTagIds(tx, accountId, input.tagIds ?? []);
    const labels = await tx
      .select({ label: lesions.label })
      .from(lesions)
      .where(eq(lesions.patientId, patientId));
    const now = ctx.clock.now();
    const [row] = await tx
      .insert(lesions)
      .values({
        id: randomUUID(),
        accountId,
        patientId,
        version: 1,
        label: input.label ?? nextLesionLabel(labels.map((l) => l.label)),
        status: input.status,
        diagnosis: input.diagnosis ?? '',
        ...site,
        createdAt: now,
        createdBy: actor.userId,
        lastModifiedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no lesion');
    if (tagSet.length)
      await tx.insert(lesionTags).values(tagSet.map((tagId) => ({ lesionId: row.id, tagId, accountId })));
    const lesion = presentLesionRow(row, [...tagSet].sort(), 0);
    await writeVersion(tx, {
      recordType: 'lesion',
      recordId: row.id,
      version: 1,
      accountId,
      patientId,
      operation: 'create',
      data: lesionSnapshot(lesion),
      changedAt: now,
      changedBy: actor.userId,
    });
    await recordAudit(tx, ctx, actor, {
      action: 'lesion.create',
      targetType: 'lesion',
      targetId: row.id,
      patientId,
    });
    return lesion;
  });
}
