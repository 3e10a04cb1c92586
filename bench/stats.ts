/** Small statistics over milliseconds: percentiles and the union of time spans. */

/** Nearest-rank percentile (p in 0..100); NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]): number => percentile(values, 50);

export interface Span {
  start: number;
  end: number;
}

/** Milliseconds of [from, to) covered by at least one span (overlaps counted once). */
export function coveredMs(spans: Span[], from: number, to: number): number {
  const clipped = spans
    .map((span) => ({ start: Math.max(span.start, from), end: Math.min(span.end, to) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let reach = from;
  for (const span of clipped) {
    const start = Math.max(span.start, reach);
    if (span.end > start) total += span.end - start;
    reach = Math.max(reach, span.end);
  }
  return total;
}
