/**
 * Which lane each task ran in (`--parallel`), from when it started and ended.
 * The run workflow does not number its lanes; the report, `tandem status` and
 * the live view number them the same way from the same times, so a task is
 * "lane 2" everywhere. Pure and deterministic, so workflow code may use it too
 * (numbering lanes online gives the same answer: a task takes the lowest lane
 * free when it starts).
 */

export interface LaneInterval {
  id: string;
  startedAt: number;
  /** Absent while the task still runs: its lane stays taken. */
  finishedAt?: number;
}

export interface LaneAssignment {
  /** Task id → lane, numbered from 1. */
  lanes: Record<string, number>;
  /** Lanes used: the most tasks that ran at the same time (greedy first-free-lane needs no more than that). */
  count: number;
}

/**
 * Greedy first-free-lane, in order of start (ties by id, T2 before T10): each task
 * takes the lowest lane whose last task ended at or before it started. A lane is
 * free again the moment its task ends, so back-to-back tasks share one.
 */
export function assignLanes(intervals: readonly LaneInterval[]): LaneAssignment {
  const ordered = [...intervals].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id, 'en', { numeric: true }));
  /** Index = lane - 1; the time the lane's latest task ends (Infinity while it runs). */
  const freeAt: number[] = [];
  const lanes: Record<string, number> = {};
  for (const task of ordered) {
    let lane = freeAt.findIndex((end) => end <= task.startedAt);
    if (lane < 0) lane = freeAt.push(0) - 1;
    freeAt[lane] = Math.max(task.startedAt, task.finishedAt ?? Infinity);
    lanes[task.id] = lane + 1;
  }
  return { lanes, count: freeAt.length };
}
