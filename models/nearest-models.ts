/**
 * The names in a vendor's model list closest to one it did not know, for the
 * 404 message: `gpt-5.6-sool` → gpt-5.6-sol. Pure: the list comes from the
 * provider descriptor (the pinned SDK's model union).
 */

/** A dated snapshot (`-20251001`, `-2025-08-07`): suggested only through its base name. */
const SNAPSHOT = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/**
 * Up to `count` names from `known` nearest to `name` by edit distance (ties keep the
 * list's order, newest first in the SDKs), skipping dated snapshots and names too far
 * away to be what was meant (more than half the name's length). Empty when none is close.
 */
export function nearestModelNames(name: string, known: readonly string[], count = 3): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 2));
  return known
    .filter((candidate) => !SNAPSHOT.test(candidate) && candidate !== name)
    .map((candidate, index) => ({ candidate, index, distance: editDistance(wanted, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance with adjacent transpositions (a swapped pair of letters costs 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
