/**
 * Groups patients for removal so that each transaction takes about `budget` compartment rows
 * (entries, images, consents) whatever their sizes: many small compartments go together, and a
 * compartment larger than the budget goes alone (its items then a budget at a time). Every patient
 * is in exactly one group; the small ones keep the order given.
 */
export function removalGroups(
  patientIds: string[],
  sizes: ReadonlyMap<string, number>,
  budget: number,
): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let rows = 0;
  for (const id of patientIds) {
    // A patient row counts too, so empty compartments are not grouped without limit.
    const size = (sizes.get(id) ?? 0) + 1;
    if (size > budget) {
      groups.push([id]);
      continue;
    }
    if (rows + size > budget && current.length > 0) {
      groups.push(current);
      current = [];
      rows = 0;
    }
    current.push(id);
    rows += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
