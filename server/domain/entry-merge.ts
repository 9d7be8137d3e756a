/**
 * Live editing merges field by field: a patch made against an older version still applies when
 * none of the fields it changes were changed by anyone since that version. Otherwise it is a
 * conflict, and the editor gets the current state: no edit is ever silently lost.
 */
export type Snapshot = Record<string, unknown>;

/** The fields whose value differs between two snapshots (compared as JSON). */
export function changedFields(before: Snapshot, after: Snapshot): Set<string> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = new Set<string>();
  for (const k of keys) if (canonical(before[k]) !== canonical(after[k])) changed.add(k);
  return changed;
}

/** JSON with object keys sorted: stored versions (jsonb) keep keys in another order than ours. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export type MergeDecision = { apply: true } | { apply: false; conflictingFields: string[] };

export function decideMerge(base: Snapshot, current: Snapshot, patchFields: string[]): MergeDecision {
  const moved = changedFields(base, current);
  const conflicting = patchFields.filter((f) => moved.has(f));
  return conflicting.length ? { apply: false, conflictingFields: conflicting } : { apply: true };
}

export interface ComparisonProblem {
  index: number;
  message: string;
}

/** A comparison groups 2 to 4 distinct images, all in the entry's workspace. */
export function comparisonProblems(
  comparisons: { name: string; imageIds: string[] }[],
  workspace: readonly string[],
): ComparisonProblem[] {
  const inWorkspace = new Set(workspace);
  const problems: ComparisonProblem[] = [];
  comparisons.forEach((c, index) => {
    const distinct = new Set(c.imageIds);
    if (distinct.size !== c.imageIds.length) problems.push({ index, message: 'An image appears twice.' });
    else if (c.imageIds.length < 2 || c.imageIds.length > 4)
      problems.push({ index, message: 'A comparison holds 2 to 4 images.' });
    else if (c.imageIds.some((id) => !inWorkspace.has(id))) {
      problems.push({ index, message: 'Every image of a comparison must be in the workspace.' });
    }
  });
  return problems;
}
