import type { EntryChanges } from '../../../shared/schemas/entries.ts';
import { decideMerge } from '../../domain/entry-merge.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { readVersionAtOrBefore } from '../versions.ts';
import { applyEntryChanges } from './change-entry.ts';
import { assertActiveEntry } from './find.ts';
import { entrySnapshot, lockAndPresentEntry, type PresentedEntry } from './present.ts';

export type LivePatchResult =
  | { kind: 'ack'; version: number; entry: PresentedEntry; patientId: string }
  | { kind: 'conflict'; current: PresentedEntry; conflictingFields: string[] };

/**
 * One live edit. A patch against the current version applies; one against an older version
 * applies only if nobody changed its fields since (field-level merge); otherwise the editor gets
 * the current state back and decides. Deleted entries answer 410 like any read.
 */
export async function livePatch(
  ctx: Ctx,
  actor: Actor,
  entryId: string,
  baseVersion: number,
  changes: EntryChanges,
): Promise<LivePatchResult> {
  const accountId = requireAccount(actor, 'patients.write');
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAndPresentEntry(tx, accountId, entryId);
    const entry = await assertActiveEntry(tx, locked?.entry);
    const current = locked?.presented as PresentedEntry;
    const fields = Object.keys(changes).filter((k) => k !== 'sections');
    if (baseVersion !== entry.version && fields.length > 0) {
      const base =
        baseVersion < entry.version
          ? await readVersionAtOrBefore(tx, 'entry', entryId, baseVersion)
          : undefined;
      const decision = base
        ? decideMerge(base.data, entrySnapshot(current), fields)
        : { apply: false as const, conflictingFields: fields };
      if (!decision.apply)
        return { kind: 'conflict', current, conflictingFields: decision.conflictingFields };
    }
    const updated = await applyEntryChanges(tx, ctx, actor, entry, current, changes, { live: true });
    return { kind: 'ack', version: updated.version, entry: updated, patientId: entry.patientId };
  });
}
