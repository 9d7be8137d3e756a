// What changed from one version of a record to the next, for the history view. Pure, so the web
// app and the tests share one definition of "changed".

/** Snapshot fields the server moves on every change, or that never change: not what a person did. */
const BOOKKEEPING = new Set(['id', 'patientId', 'version', 'createdAt', 'lastModifiedAt']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields whose value differs between two snapshots, in the newer snapshot's order (fields it
 * lacks last). A missing field reads as null. The first version has nothing before it: no changes.
 */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): FieldChange[] {
  if (!before) return [];
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((f) => !BOOKKEEPING.has(f))
    .filter((f) => !sameValue(before[f] ?? null, after[f] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  return [...keys].every((k) => sameValue(ra[k] ?? null, rb[k] ?? null));
}
