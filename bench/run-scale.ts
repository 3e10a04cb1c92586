/**
 * Tandem per task and per activity: a plan of N trivial tasks run end to end
 * on the instant model, then taken apart. A task's wall time runs from its
 * start to the next task's start (so it includes the run's branch check in
 * between). Its honest overhead is that minus model, tools, and the floor's
 * test command and one add + commit (bench/overhead.ts); the old reading
 * subtracted every process Tandem started instead.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@temporalio/client';
import type { RunSettings } from '../contracts/run.js';
import { echoRoundTrips, gitCommitsAt } from './floor.js';
import { git } from '../git/run-git.js';
import { activityRoundTrips, executionSizes, fetchEvents, historySize, localActivityCount, mapLimit, type HistorySize } from './history.js';
import { taskSpans } from './journal-spans.js';
import type { FloorFigures } from './floor.js';
import type { BenchModels } from './model-latency.js';
import { honestOverheadMs, oldOverheadMs, overheadRatio, type ActivityCounts, type WorkFloor } from './overhead.js';
import type { ProcessClock } from './process-clock.js';
import { createRepo, trivialPlan } from './repos.js';
import { measureTaskShape, taskShapeOf, type ShapeFigures } from './task-shape.js';
import { benchSettings, runPlan } from './run-plan.js';
import { stepFigures, stepsOfChildren, type StepFigure, type StepTime } from './task-steps.js';
import type { RssSampler } from './server.js';
import { coveredMs, median, percentile, type Span } from './stats.js';

export interface ScaleFigures {
  tasks: number;
  sandbox: RunSettings['sandbox'];
  /**
   * `worktree`: the run worked as a plain `tandem run` does since 2026-12-01, one lane in a
   * worktree of its own (each task's worktree made, integrated and removed). Absent: in the
   * repository's checkout (`--in-checkout`), as every record before then.
   */
  workspace?: 'worktree';
  totalMs: number;
  wallPerTaskMs: { p50: number; p95: number };
  /** The old reading: wall − every process (all git, the test command) − tool − model. */
  overheadPerTaskMs: { p50: number; p95: number };
  /** wall − model − tool − the floor's test command and one add + commit (bench/overhead.ts). */
  honestOverheadPerTaskMs: { p50: number; p95: number };
  /** What the honest reading subtracts for the test command and the commit. */
  workFloorMs: WorkFloor;
  /** Medians per task of what is not overhead. */
  workPerTaskMs: { git: number; test: number; tool: number; model: number };
  /** Median git processes started per task (Tandem's own bookkeeping included). */
  gitProcessesPerTask: number;
  /** The git subcommands of a task with that many, in the order they started (e.g. `diff`); absent in records before it. */
  gitSubcommandsPerTask?: string[];
  activitiesPerTask: number;
  /** Medians per task: server round trips and local activities (the run's branch check before the task included). */
  activityCounts: ActivityCounts;
  /** The old reading per activity, every local activity counted as a full round trip. */
  overheadPerActivityMs: number;
  /** Honest overhead p50 ÷ (regular × round trip + local × bare local activity). */
  overheadRatio: number;
  /** The bare local activity (p50) from the floor. */
  localActivityMs: number;
  /** The bare activity round trip (p50) measured right before this run, under the same machine load. */
  roundTripMs: number;
  taskHistory: { eventsP50: number; bytesP50: number; eventsMax: number; bytesMax: number };
  runHistory: { executions: number; events: number[]; bytes: number[] };
  /** Median execution time inside each activity type (ActivityTaskStarted → Completed). */
  activityRunMs: Record<string, number>;
  peakRssBytes: number;
  /**
   * Temporal alone for the same task shape, all steps no-ops, run right after (bench/task-shape.ts);
   * measured up to SHAPE_MAX_TASKS tasks without a sandbox, absent otherwise and in older records.
   */
  temporalShape?: ShapeFigures;
  /**
   * Where a task's wall time goes, step by step (task-steps.ts): medians per step for Tandem, and
   * for Temporal alone when the shape was measured. Absent in records before 2026-12-02.
   */
  steps?: StepFigure[];
}

/** How a column is named after its size: `, bwrap`, `, worktree`, or nothing for the plain checkout run. */
export function scaleVariant(s: Pick<ScaleFigures, 'sandbox' | 'workspace'>): string {
  return `${s.sandbox === 'bwrap' ? ', bwrap' : ''}${s.workspace === 'worktree' ? ', worktree' : ''}`;
}

/** Larger plans would add minutes to the bench for the same per-task figure. */
export const SHAPE_MAX_TASKS = 100;

export interface ScaleContext {
  client: Client;
  taskQueue: string;
  clock: ProcessClock;
  rss: RssSampler;
  /** The same run's floor: the honest reading subtracts its test command and commit. */
  floor: FloorFigures;
}

/** `shape: false` (the warm-up) skips Temporal's figures for the task shape; `workspace: 'worktree'` runs as a plain `tandem run` does. */
export async function measureScale(context: ScaleContext, tasks: number, sandbox: RunSettings['sandbox'] = 'none', options: { shape?: boolean; workspace?: 'worktree' } = {}): Promise<ScaleFigures> {
  const repo = await createRepo({ 'README.md': '# Bench\n', 'TODO.md': trivialPlan(tasks) });
  // This machine is shared and noisy: the floor for this run's ratio is measured next to it.
  const roundTripMs = median((await echoRoundTrips(context.client, context.taskQueue, 32)).slice(2));
  const { figures, workflowId, taskIds, stepTimes } = await runAndAnalyse(context, { repo: repo.root, tasks, sandbox, roundTripMs, ...(options.workspace ? { workspace: options.workspace } : {}) });
  // One task has no next one to time it by; the task shape is the checkout run's.
  if (options.shape === false || options.workspace !== undefined || sandbox !== 'none' || tasks < 2 || tasks > SHAPE_MAX_TASKS) return figures;
  const shape = await taskShapeOf(context.client, workflowId, taskIds);
  const measured = await measureTaskShape(context.client, context.taskQueue, shape, tasks);
  return { ...figures, temporalShape: measured.figures, steps: stepFigures(stepTimes, measured.stepTimes) };
}

export interface PlanToRun {
  /** A repository whose TODO.md holds `tasks` trivial tasks (createRepo + trivialPlan). */
  repo: string;
  tasks: number;
  sandbox: RunSettings['sandbox'];
  /** The bare round trip measured next to the run; NaN leaves the ratio unmeasured. */
  roundTripMs: number;
  /** Default: the instant models (bench/model-latency.ts slows them down). */
  models?: BenchModels;
  /**
   * Where the commit the honest overhead subtracts is timed: 'run' (default) in this run's
   * repository after it; 'floor' takes the floor's one-file commit, for runs measured while
   * others still run (concurrent-run.ts), where timing commits would load and skew them.
   */
  commitFloor?: 'run' | 'floor';
  /** `worktree`: one lane in a worktree, as a plain `tandem run`; absent: in the repository's checkout. */
  workspace?: 'worktree';
}

/** Runs the plan on `context.taskQueue` and takes it apart; also returns each task's honest overhead. */
export async function runAndAnalyse(context: ScaleContext, plan: PlanToRun): Promise<{ figures: ScaleFigures; honestPerTaskMs: number[]; workflowId: string; taskIds: string[]; stepTimes: StepTime[][] }> {
  const { client, taskQueue, clock, rss, floor } = context;
  const { tasks, sandbox, roundTripMs } = plan;
  clock.clear();
  // Start from what is live, not from the garbage of the bench's own analysis of the previous run.
  collectGarbage();
  rss.reset();
  const run =
    plan.workspace === 'worktree'
      ? await runPlan(client, taskQueue, plan.repo, benchSettings({ sandbox, ...plan.models, parallel: 1 }), { workspaceRoot: await mkdtemp(join(tmpdir(), 'tandem-bench-worktree-')) })
      : await runPlan(client, taskQueue, plan.repo, benchSettings({ sandbox, ...plan.models }));
  const peakRssBytes = rss.peak();
  const processes = [...clock.spans];

  const rows = run.result.status.tasks;
  const notCommitted = rows.filter((row) => row.state !== 'committed');
  if (notCommitted.length > 0) {
    throw new Error(`bench run of ${tasks} tasks: ${notCommitted.length} not committed, e.g. ${notCommitted[0]!.id}: ${notCommitted[0]!.state} ${notCommitted[0]!.reason ?? ''}`);
  }

  const testMs = (sandbox === 'bwrap' ? floor.spawnTrueBwrapMs : floor.spawnTrueMs).p50;
  const workFloor: WorkFloor = { testMs, ...(plan.commitFloor === 'floor' ? { commitMs: floor.gitCommitMs.p50 } : await commitFloorAt(plan.repo, middleCommit(rows))) };

  // The run's own local activities (branch checks, issue 17: none after a task's commit) per task started.
  const runLocalPerTask = await runLocalActivitiesPerTask(client, run.workflowId);
  const git = processes.filter((p) => p.command === 'git');
  const test = processes.filter((p) => p.command !== 'git');
  const perTask = await mapLimit(rows, 8, async (row) => {
    const index = rows.indexOf(row);
    const start = row.startedAt!;
    const end = rows[index + 1]?.startedAt ?? row.finishedAt!;
    const journal = await taskSpans(run.input.location.journalDir, row.id);
    const work: Span[] = [...processes, ...journal.model, ...journal.tool];
    const childId = `${run.workflowId}/${row.id}`;
    const events = await fetchEvents(client, childId);
    const size = await historySize(client, childId);
    const trips = activityRoundTrips(events);
    return {
      childId,
      events,
      calls: [...journal.model, ...journal.tool],
      wall: end - start,
      overhead: oldOverheadMs(end - start, coveredMs(work, start, end)),
      honest: honestOverheadMs(end - start, coveredMs([...journal.model, ...journal.tool], start, end), workFloor),
      git: coveredMs(git, start, end),
      gitProcesses: git.filter((p) => p.start >= start && p.start < end).length,
      gitSubcommands: git.filter((p) => p.start >= start && p.start < end).sort((a, b) => a.start - b.start).map((p) => p.subcommand),
      test: coveredMs(test, start, end),
      tool: coveredMs(journal.tool, start, end),
      model: coveredMs(journal.model, start, end),
      // Regular activities, local ones, and the run's share of local ones (its branch checks) per task.
      activities: trips.length + localActivityCount(events) + runLocalPerTask,
      regular: trips.length,
      local: localActivityCount(events) + runLocalPerTask,
      trips,
      size,
    };
  });

  const runSizes = await executionSizes(client, run.workflowId);
  // The latest execution's tasks (continue-as-new starts a new history), each ended by the next one's start.
  const stepTimes = withWork(
    stepsOfChildren(await fetchEvents(client, run.workflowId), perTask.map((task) => ({ id: task.childId, events: task.events }))),
    [...processes, ...perTask.flatMap((task) => task.calls)],
  );
  const overheads = perTask.map((task) => task.overhead);
  const activitiesPerTask = median(perTask.map((task) => task.activities));
  const activityCounts = { regular: median(perTask.map((task) => task.regular)), local: median(perTask.map((task) => task.local)) };
  const honest = spread(perTask.map((task) => task.honest));
  const byType = new Map<string, number[]>();
  for (const trip of perTask.flatMap((task) => task.trips)) byType.set(trip.type, [...(byType.get(trip.type) ?? []), trip.runMs]);

  const figures: ScaleFigures = {
    tasks,
    sandbox,
    ...(plan.workspace ? { workspace: plan.workspace } : {}),
    totalMs: run.finishedAt - run.startedAt,
    wallPerTaskMs: spread(perTask.map((task) => task.wall)),
    overheadPerTaskMs: spread(overheads),
    honestOverheadPerTaskMs: honest,
    workFloorMs: workFloor,
    workPerTaskMs: {
      git: median(perTask.map((task) => task.git)),
      test: median(perTask.map((task) => task.test)),
      tool: median(perTask.map((task) => task.tool)),
      model: median(perTask.map((task) => task.model)),
    },
    gitProcessesPerTask: median(perTask.map((task) => task.gitProcesses)),
    gitSubcommandsPerTask: typicalGitSubcommands(perTask),
    activitiesPerTask,
    activityCounts,
    overheadPerActivityMs: median(overheads) / activitiesPerTask,
    overheadRatio: overheadRatio(honest.p50, activityCounts, { roundTripMs, localMs: floor.localActivityMs.p50 }),
    localActivityMs: floor.localActivityMs.p50,
    roundTripMs,
    taskHistory: historySpread(perTask.map((task) => task.size)),
    runHistory: { executions: runSizes.length, events: runSizes.map((s) => s.events), bytes: runSizes.map((s) => s.bytes) },
    activityRunMs: Object.fromEntries([...byType].map(([type, times]) => [type, median(times)])),
    peakRssBytes,
    ...(stepTimes.length > 0 ? { steps: stepFigures(stepTimes) } : {}),
  };
  return { figures, honestPerTaskMs: perTask.map((task) => task.honest), workflowId: run.workflowId, taskIds: rows.map((row) => row.id), stepTimes };
}

/** Each step's time in processes, model calls and tool calls (the run's tasks ran one after another). */
function withWork(tasks: StepTime[][], work: Span[]): StepTime[][] {
  return tasks.map((steps) => {
    const first = steps[0]!.startMs;
    const last = steps[steps.length - 1]!;
    const end = last.startMs + last.ms;
    const inTask = work.filter((span) => span.end > first && span.start < end);
    return steps.map((step) => ({ ...step, workMs: coveredMs(inTask, step.startMs, step.startMs + step.ms) }));
  });
}

const COMMIT_FLOOR_WARMUP = 3;
const COMMIT_FLOOR_SAMPLES = 10;

/** The commit of the run's middle task (all are committed by now). */
function middleCommit(rows: ReadonlyArray<{ id: string; sha?: string }>): string {
  const middle = rows[Math.floor(rows.length / 2)];
  if (middle?.sha === undefined) throw new Error(`bench run: the middle task ${middle?.id ?? '(none)'} has no commit to time the floor's commit at`);
  return middle.sha;
}

/** The floor's commit in the run's repository as its middle task found it (bench/floor.ts gitCommitsAt). */
async function commitFloorAt(repo: string, sha: string): Promise<Pick<WorkFloor, 'commitMs' | 'commitRepoFiles'>> {
  const times = await gitCommitsAt(repo, sha, COMMIT_FLOOR_WARMUP + COMMIT_FLOOR_SAMPLES);
  const { stdout } = await git(repo, ['ls-tree', '-r', '--name-only', '-z', sha]);
  return { commitMs: median(times.slice(COMMIT_FLOOR_WARMUP)), commitRepoFiles: stdout.split('\0').filter(Boolean).length };
}

const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function spread(values: number[]) {
  return { p50: median(values), p95: percentile(values, 95) };
}

function historySpread(sizes: HistorySize[]) {
  return {
    eventsP50: median(sizes.map((s) => s.events)),
    bytesP50: median(sizes.map((s) => s.bytes)),
    eventsMax: Math.max(...sizes.map((s) => s.events)),
    bytesMax: Math.max(...sizes.map((s) => s.bytes)),
  };
}

/** The git subcommands of the task whose process count is nearest the median. */
function typicalGitSubcommands(tasks: Array<{ gitProcesses: number; gitSubcommands: string[] }>): string[] {
  const middle = median(tasks.map((task) => task.gitProcesses));
  const nearest = [...tasks].sort((a, b) => Math.abs(a.gitProcesses - middle) - Math.abs(b.gitProcesses - middle))[0];
  return nearest?.gitSubcommands ?? [];
}

/** The run workflow's local activities per task it started, in its latest execution (continue-as-new keeps it representative). */
async function runLocalActivitiesPerTask(client: Client, workflowId: string): Promise<number> {
  const events = await fetchEvents(client, workflowId);
  const started = events.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes).length;
  return started === 0 ? 0 : localActivityCount(events) / started;
}
