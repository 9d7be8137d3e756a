import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { EntryChanges } from '../../../shared/schemas/entries.ts';
import type { Db } from '../../db/client.ts';
import { entryTags, images, workspaceImages } from '../../db/schema-clinical.ts';
import { textStatement } from '../../db/text-statement.ts';
import { comparisonProblems } from '../../domain/entry-merge.ts';
import { invalid } from '../../errors.ts';
import type { Actor, Ctx } from '../context.ts';
import { refreshEffectiveTags } from '../effective-tags.ts';
import { refreshPatientStats } from '../patient-stats.ts';
import { assertTagIds } from '../tags.ts';
import { type EntryUpdate, updateEntryRow } from './entry-statements.ts';
import { recordEntryChange } from './entry-version.ts';
import { findEntry } from './find.ts';
import { type EntryRow, type PresentedEntry, presentEntries, presentEntryRow } from './present.ts';

/** Clinical fields: a change to any of them is a new version. Section state is remembered quietly. */
const VERSIONED: (keyof EntryChanges)[] = [
  'appointmentAt',
  'notes',
  'tagIds',
  'workspaceImageIds',
  'comparisons',
];

/**
 * Applies validated changes to a locked, active entry inside the caller's transaction: checks
 * workspace images and comparisons, writes the row, tags and workspace, a version, the patient's
 * computed fields and effective tags, a version and an audit event. Used by PATCH and by live
 * editing, whose bursts of edits by one person are one version (entry-version.ts).
 */
export async function applyEntryChanges(
  tx: Db,
  ctx: Ctx,
  actor: Actor,
  entry: EntryRow,
  current: PresentedEntry,
  changes: EntryChanges,
  options: { live: boolean },
): Promise<PresentedEntry> {
  const accountId = entry.accountId;
  const workspace = changes.workspaceImageIds
    ? [...new Set(changes.workspaceImageIds)]
    : current.workspaceImageIds;
  if (changes.workspaceImageIds) await assertPoolImages(tx, accountId, entry.patientId, workspace);
  const comparisons = changes.comparisons?.map((c) => ({
    id: c.id ?? randomUUID(),
    name: c.name,
    imageIds: c.imageIds,
  }));
  const problems = comparisonProblems(comparisons ?? current.comparisons, workspace);
  if (problems.length) {
    const fields = Object.fromEntries(problems.map((p) => [`comparisons.${p.index}`, p.message]));
    throw invalid(problems[0]?.message ?? 'Invalid comparison.', fields);
  }
  const versioned = VERSIONED.some((k) => changes[k] !== undefined);
  const now = ctx.clock.now();
  const version = versioned ? entry.version + 1 : entry.version;
  const set: EntryUpdate = {
    ...(changes.appointmentAt ? { appointmentAt: changes.appointmentAt } : {}),
    ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    ...(comparisons ? { comparisons } : {}),
    ...(changes.sections ? { sections: { ...entry.sections, ...changes.sections } } : {}),
    ...(versioned ? { version, lastModifiedAt: now } : {}),
  };
  // Nothing to change (an empty PATCH or live patch): the entry as it is, no version, no event.
  if (Object.keys(set).length === 0) return current;
  const row = await updateEntryRow(tx, entry.id, set);
  if (!row) throw new Error('a locked entry vanished inside its own transaction');
  if (changes.tagIds) {
    const tagSet = await assertTagIds(tx, accountId, changes.tagIds);
    await tx.delete(entryTags).where(eq(entryTags.entryId, entry.id));
    if (tagSet.length)
      await tx.insert(entryTags).values(tagSet.map((tagId) => ({ entryId: entry.id, tagId, accountId })));
  }
  if (changes.workspaceImageIds) {
    await tx.delete(workspaceImages).where(eq(workspaceImages.entryId, entry.id));
    if (workspace.length) {
      await tx
        .insert(workspaceImages)
        .values(workspace.map((imageId, position) => ({ entryId: entry.id, imageId, accountId, position })));
    }
  }
  // Tags and workspace unchanged (a live notes edit, say): the relations just read still hold.
  const updated =
    changes.tagIds || changes.workspaceImageIds
      ? await presentOne(tx, accountId, entry.id)
      : presentEntryRow(row, current);
  if (!versioned) return updated;
  // Only a new appointment time moves the computed fields; any change marks the patient modified.
  if (changes.appointmentAt) await refreshPatientStats(tx, entry.patientId, now);
  else await touchPatient(tx, [entry.patientId, now.toISOString()]);
  if (changes.tagIds || changes.workspaceImageIds) await refreshEffectiveTags(tx, [entry.patientId]);
  await recordEntryChange(tx, ctx, actor, {
    accountId,
    previousVersion: entry.version,
    updated,
    fields: VERSIONED.filter((k) => changes[k] !== undefined),
    live: options.live,
  });
  return updated;
}

export async function presentOne(db: Db, accountId: string, id: string): Promise<PresentedEntry> {
  const row = await findEntry(db, accountId, id);
  const [presented] = await presentEntries(db, row ? [row] : []);
  if (!presented) throw new Error('entry vanished inside its own transaction');
  return presented;
}

/** Workspace images come from this patient's active pool; anything else is invalid input. */
async function assertPoolImages(tx: Db, accountId: string, patientId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: images.id })
    .from(images)
    .where(
      and(
        eq(images.accountId, accountId),
        eq(images.patientId, patientId),
        isNull(images.deletedAt),
        inArray(images.id, ids.filter(isUuidLike)),
      ),
    );
  if (found.length !== ids.length) {
    throw invalid("Workspace images must come from this patient's image pool.", {
      workspaceImageIds: "An image is not in this patient's image pool.",
    });
  }
}

const touchPatient = textStatement('update patients set last_modified_at = $2 where id = $1');

const isUuidLike = (id: string) => /^[0-9a-f-]{36}$/i.test(id);
