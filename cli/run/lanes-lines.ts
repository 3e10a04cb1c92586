/**
 * A run with lanes (`--parallel`) has several tasks running at once; the task
 * table shows a live step for one of them only, and may scroll some off on a
 * big plan. These lines name every running task, one a line, with its lane,
 * attempt and step, and then what the tasks not started yet wait for. With one
 * running task (every run without lanes) there are none: the single-lane
 * output stays as it was.
 */
import { assignLanes } from '../../contracts/lane-assignment.js';
import type { PlanTaskInput, RunStatus, TaskProgress } from '../../contracts/run.js';

/** What the wait line needs of the plan: who depends on whom, and which files a task names. */
export type PlanDeps = Pick<PlanTaskInput, 'id' | 'dependsOn' | 'files'>;
type Progress = Pick<TaskProgress, 'taskId' | 'step' | 'attempt'> & Partial<Pick<TaskProgress, 'state'>>;

/** At most this many waiting tasks are named; the rest are counted. */
const MAX_WAITS = 6;

/**
 * `lanes: 3 running`, then `  L2 T3 Add the parser · attempt 1 · implement · step 4 …` for
 * each running task, in plan order (the step where a progress report names that task), then
 * `waiting: T4 for T2 · T6 for a free lane` when the plan is known. Empty when at most one
 * task is running.
 */
export function lanesLines(status: Pick<RunStatus, 'tasks'> & Partial<Pick<RunStatus, 'pausedReason'>>, progress: ReadonlyArray<Progress> = [], plan?: readonly PlanDeps[]): string[] {
  const running = status.tasks.filter((row) => row.state === 'running');
  if (running.length <= 1) return [];
  const lanes = laneNumbers(status);
  const lines = [
    `lanes: ${running.length} running`,
    ...running.map((row) => {
      const lane = lanes[row.id] ? `L${lanes[row.id]} ` : '';
      const live = progress.find((report) => report.taskId === row.id);
      return `  ${lane}${row.id} ${row.title}${live ? laneStep(live) : ''}`;
    }),
  ];
  // Paused, nothing starts whatever it waits for; the pause line says why.
  const waits = plan && !status.pausedReason ? waitingFor(status, plan) : [];
  if (waits.length) lines.push(`waiting: ${waits.slice(0, MAX_WAITS).join(' · ')}${waits.length > MAX_WAITS ? ` · ${waits.length - MAX_WAITS} more` : ''}`);
  return lines;
}

/** Lane of each running task as the workflow numbered it; for older runs, as the report numbers them (first free lane, in order of start). */
export function laneNumbers(status: Pick<RunStatus, 'tasks'>): Record<string, number> {
  // The workflow numbers the lanes of the tasks running now (runs started before it did not).
  const running = status.tasks.filter((row) => row.state === 'running');
  if (running.length > 0 && running.every((row) => row.lane !== undefined)) return Object.fromEntries(running.map((row) => [row.id, row.lane!]));
  const intervals = status.tasks.flatMap((row) => {
    if (row.startedAt === undefined) return [];
    if (row.state === 'running') return [{ id: row.id, startedAt: row.startedAt }];
    return row.finishedAt === undefined ? [] : [{ id: row.id, startedAt: row.startedAt, finishedAt: row.finishedAt }];
  });
  return assignLanes(intervals).lanes;
}

/** ` · attempt 2 · review`. */
function laneStep(live: Progress): string {
  const step = stepOfLane(live, 'approved, integrating onto the run branch (one at a time)');
  return `${live.attempt > 0 ? ` · attempt ${live.attempt}` : ''}${step ? ` · ${step}` : ''}`;
}

/**
 * A running task's step as its lane has it: a task whose child workflow ended approved is being
 * integrated (or waits its turn: one integration at a time); one that failed is closing its worktree.
 */
export function stepOfLane(live: Progress, integrating = 'approved · integrating'): string {
  if (live.state === 'committed') return integrating;
  if (live.state === 'failed') return 'failed, closing its worktree';
  return live.step;
}

/** `T4 for T2, T3` (dependencies not committed yet), `T7 for T3 (same files: src/a.ts)`, `T6 for a free lane`. */
function waitingFor(status: Pick<RunStatus, 'tasks'>, plan: readonly PlanDeps[]): string[] {
  const state = new Map(status.tasks.map((row) => [row.id, row.state]));
  const runningFiles = plan.filter((task) => state.get(task.id) === 'running').map((task) => ({ id: task.id, files: new Set(task.files ?? []) }));
  return status.tasks
    .filter((row) => row.state === 'pending')
    .flatMap((row) => {
      const task = plan.find((p) => p.id === row.id);
      if (!task) return [];
      const deps = task.dependsOn.filter((dep) => state.has(dep) && state.get(dep) !== 'committed' && state.get(dep) !== 'skipped');
      if (deps.length) return [`${row.id} for ${deps.join(', ')}`];
      const overlap = runningFiles.find((other) => (task.files ?? []).some((file) => other.files.has(file)));
      if (overlap) return [`${row.id} for ${overlap.id} (same files: ${(task.files ?? []).filter((file) => overlap.files.has(file)).join(', ')})`];
      return [`${row.id} for a free lane`];
    });
}
