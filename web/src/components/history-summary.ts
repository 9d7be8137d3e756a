// A version of a record said in words, as a person would ("Notes changed, image added to
// workspace"): what the history list shows beside each version.
import { changedFields } from '../../../shared/version-changes.ts';
import type { HistoryVersion } from '../api/types.ts';
import { plural } from '../format.ts';
import { fieldLabel, operationWord } from './history-fields.ts';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** "Image added to workspace", "2 images removed from workspace". */
function workspacePhrases(before: unknown, after: unknown): string[] {
  const was = new Set(ids(before));
  const now = new Set(ids(after));
  const added = [...now].filter((id) => !was.has(id)).length;
  const removed = [...was].filter((id) => !now.has(id)).length;
  const phrases: string[] = [];
  if (added) phrases.push(`${added === 1 ? 'Image' : plural(added, 'image', 'images')} added to workspace`);
  if (removed)
    phrases.push(`${removed === 1 ? 'Image' : plural(removed, 'image', 'images')} removed from workspace`);
  return phrases.length ? phrases : ['Workspace reordered'];
}

function comparisonPhrase(before: unknown, after: unknown): string {
  const was = Array.isArray(before) ? before.length : 0;
  const now = Array.isArray(after) ? after.length : 0;
  if (now > was) return now - was === 1 ? 'Comparison added' : `${now - was} comparisons added`;
  if (now < was) return was - now === 1 ? 'Comparison removed' : `${was - now} comparisons removed`;
  return 'Comparisons changed';
}

/** What one version did, in words: "Created", "Deleted", or the changes of an update. */
export function versionSummary(version: HistoryVersion, previous: HistoryVersion | undefined): string {
  if (version.operation !== 'update' || !previous) return operationWord(version.operation);
  const phrases = changedFields(previous.data, version.data).flatMap((c) => {
    if (c.field === 'workspaceImageIds') return workspacePhrases(c.before, c.after);
    if (c.field === 'comparisons') return [comparisonPhrase(c.before, c.after)];
    if (c.field === 'notes') return ['Notes changed'];
    return [`${fieldLabel(c.field)} changed`];
  });
  if (phrases.length === 0) return operationWord(version.operation);
  return phrases.map((p, i) => (i === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1))).join(', ');
}
