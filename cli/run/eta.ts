/**
 * How much of a run is left, and roughly when it ends: the median time of the
 * tasks this run committed, times the tasks still to run. Tasks run one at a
 * time, so the sum is the critical path. Pure, so views and tests share it.
 */
import type { RunStatus, TaskStatusRow } from '../../contracts/run.js';
import { formatDuration } from './format.js';

export interface RunEta {
  /** Tasks still to run, the running one included (blocked and skipped ones never run). */
  remaining: number;
  /** Median duration of the tasks this run committed; absent until one has. */
  medianTaskMs?: number;
  /** Time left at `now`; absent until a task has committed, and when nothing remains. */
  etaMs?: number;
}

export function estimateRun(tasks: readonly TaskStatusRow[], now: number): RunEta {
  const open = tasks.filter((task) => task.state === 'pending' || task.state === 'running');
  const durations = tasks
    .filter((task) => task.state === 'committed' && task.startedAt !== undefined && task.finishedAt !== undefined)
    .map((task) => task.finishedAt! - task.startedAt!);
  const medianTaskMs = median(durations);
  if (medianTaskMs === undefined || open.length === 0) return { remaining: open.length, ...(medianTaskMs !== undefined ? { medianTaskMs } : {}) };
  // The running task has already used part of its share; one that overran counts as about to end.
  const etaMs = open.reduce((sum, task) => sum + (task.state === 'running' && task.startedAt !== undefined ? Math.max(0, medianTaskMs - (now - task.startedAt)) : medianTaskMs), 0);
  return { remaining: open.length, medianTaskMs, etaMs };
}

/** e.g. `2 tasks left · ETA ~8m00s (median 4m00s a task)`, or `2 tasks left · no ETA until a task is committed`; undefined when nothing is left. */
export function formatEta(status: Pick<RunStatus, 'tasks' | 'state'>, now: number): string | undefined {
  const eta = estimateRun(status.tasks, now);
  if (eta.remaining === 0 || ['completed', 'failed', 'cancelled'].includes(status.state)) return undefined;
  const left = `${eta.remaining} task${eta.remaining === 1 ? '' : 's'} left`;
  if (eta.etaMs === undefined) return `${left} · no ETA until a task is committed`;
  const paused = status.state === 'paused' ? ' once resumed' : '';
  return `${left} · ETA ~${formatDuration(eta.etaMs)}${paused} (median ${formatDuration(eta.medianTaskMs!)} a task)`;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
