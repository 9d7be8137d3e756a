/**
 * Live edits by one person to one entry come in bursts (autosave sends every keystroke). A burst
 * is one version in history: an edit joins the entry's newest version when that version is a
 * change by the same person, made less than EDIT_BURST_MS before. Anyone else's edit, a pause,
 * creation, deletion or recovery starts a new version.
 */
export const EDIT_BURST_MS = 2 * 60 * 1000;

export interface NewestVersion {
  operation: string;
  changedBy: string | null;
  changedAt: Date;
}

export function joinsBurst(newest: NewestVersion | undefined, editor: string | null, now: Date): boolean {
  if (!newest || !editor) return false;
  const since = now.getTime() - newest.changedAt.getTime();
  return newest.operation === 'update' && newest.changedBy === editor && since >= 0 && since < EDIT_BURST_MS;
}

/**
 * The audit trail is append-only (a hash chain): a burst's first edit writes its event, and a
 * later edit in the burst writes another only when it changes a field the burst's newest event
 * does not name; that event names all the burst's fields so far. Null: no event needed.
 */
export function burstAuditFields(changed: string[], named: readonly string[] | undefined): string[] | null {
  if (!named) return changed;
  const added = changed.filter((f) => !named.includes(f));
  return added.length ? [...named, ...added] : null;
}
