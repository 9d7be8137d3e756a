// A version of a record said in words, as a person would ("Notes changed, image added to
// workspace"): what the history list shows beside each version.
import type { TFunction } from 'i18next';
import { changedFields } from '../../../shared/version-changes.ts';
import type { HistoryVersion } from '../api/types.ts';
import { fieldLabel, operationWord } from './history-fields.ts';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** "Image added to workspace", "2 images removed from workspace". */
function workspacePhrases(t: TFunction, before: unknown, after: unknown): string[] {
  const was = new Set(ids(before));
  const now = new Set(ids(after));
  const added = [...now].filter((id) => !was.has(id)).length;
  const removed = [...was].filter((id) => !now.has(id)).length;
  const phrases: string[] = [];
  if (added) phrases.push(t('history:summary.imagesAdded', { count: added }));
  if (removed) phrases.push(t('history:summary.imagesRemoved', { count: removed }));
  return phrases.length ? phrases : [t('history:summary.workspaceReordered')];
}

function comparisonPhrase(t: TFunction, before: unknown, after: unknown): string {
  const was = Array.isArray(before) ? before.length : 0;
  const now = Array.isArray(after) ? after.length : 0;
  if (now > was) return t('history:summary.comparisonsAdded', { count: now - was });
  if (now < was) return t('history:summary.comparisonsRemoved', { count: was - now });
  return t('history:summary.comparisonsChanged');
}

/** What one version did, in words: "Created", "Deleted", or the changes of an update. */
export function versionSummary(
  t: TFunction,
  version: HistoryVersion,
  previous: HistoryVersion | undefined,
): string {
  if (version.operation !== 'update' || !previous) return operationWord(t, version.operation);
  const phrases = changedFields(previous.data, version.data).flatMap((c) => {
    if (c.field === 'workspaceImageIds') return workspacePhrases(t, c.before, c.after);
    if (c.field === 'comparisons') return [comparisonPhrase(t, c.before, c.after)];
    if (c.field === 'notes') return [t('history:summary.notesChanged')];
    return [t('history:summary.fieldChanged', { field: fieldLabel(t, c.field) })];
  });
  if (phrases.length === 0) return operationWord(t, version.operation);
  // One sentence: the phrases after the first start in lower case ("Notes changed, image added").
  return phrases.map((p, i) => (i === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1))).join(', ');
}
