import type { LesionChanges } from '../../../shared/schemas/lesions.ts';
import { decideMerge } from '../../domain/entry-merge.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';
import { readVersionAtOrBefore } from '../versions.ts';
import { applyLesionChanges } from './change-lesion.ts';
import { requireActiveLesion } from './find.ts';
import { lesionSnapshot, type PresentedLesion, presentLesions } from './present.ts';
import { siteColumns } from './site.ts';

export type LiveLesionResult =
  | { kind: 'ack'; version: number; lesion: PresentedLesion }
  | { kind: 'conflict'; current: PresentedLesion; conflictingFields: string[] };

/**
 * One live edit of a lesion, merged field by field as an entry's: a patch on an older version
 * applies when nobody changed its fields since; otherwise the editor gets the current lesion back.
 */
export async function livePatchLesion(
  ctx: Ctx,
  actor: Actor,
  lesionId: string,
  baseVersion: number,
  changes: LesionChanges,
): Promise<LiveLesionResult> {
  const accountId = requireAccount(actor, 'patients.write');
  const site = changes.site ? siteColumns(changes.site) : {};
  return ctx.db.transaction(async (tx) => {
    const row = await requireActiveLesion(tx, accountId, lesionId, true);
    await requireActivePatient(tx, accountId, row.patientId);
    const [current] = await presentLesions(tx, [row]);
    if (!current) throw notFound('lesion');
    const fields = Object.keys(changes);
    if (baseVersion !== row.version && fields.length > 0) {
      const base =
        baseVersion < row.version
          ? await readVersionAtOrBefore(tx, 'lesion', lesionId, baseVersion)
          : undefined;
      const decision = base
        ? decideMerge(base.data, lesionSnapshot(current), fields)
        : { apply: false as const, conflictingFields: fields };
      if (!decision.apply)
        return { kind: 'conflict', current, conflictingFields: decision.conflictingFields };
    }
    const lesion = await applyLesionChanges(tx, ctx, actor, accountId, row, changes, site);
    return { kind: 'ack', version: lesion.version, lesion };
  });
}
