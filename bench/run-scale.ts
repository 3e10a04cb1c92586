/**
 * Tandem per task and per activity: a plan of N trivial tasks run end to end
 * on the instant model, then taken apart. A task's wall time runs from its
 * start to the next task's start (so it includes the run's branch check in
 * between); its overhead is that minus the time spent in processes (git, the
 * test command), tools and the model.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@temporalio/client';
import type { RunSettings } from '../contracts/run.js';
import { echoRoundTrips } from './floor.js';
import { activityRoundTrips, executionSizes, fetchEvents, historySize, localActivityCount, mapLimit, type HistorySize } from './history.js';
import { taskSpans } from './journal-spans.js';
import type { ProcessClock } from './process-clock.js';
import { createRepo, trivialPlan } from './repos.js';
import { benchSettings, runPlan } from './run-plan.js';
import type { RssSampler } from './server.js';
import { coveredMs, median, percentile, type Span } from './stats.js';

export interface ScaleFigures {
  tasks: number;
  sandbox: RunSettings['sandbox'];
  totalMs: number;
  wallPerTaskMs: { p50: number; p95: number };
  overheadPerTaskMs: { p50: number; p95: number };
  /** Medians per task of what is not overhead. */
  workPerTaskMs: { git: number; test: number; tool: number; model: number };
  /** Median git processes started per task (Tandem's own bookkeeping included). */
  gitProcessesPerTask: number;
  activitiesPerTask: number;
  overheadPerActivityMs: number;
  /** The bare activity round trip (p50) measured right before this run, under the same machine load. */
  roundTripMs: number;
  taskHistory: { eventsP50: number; bytesP50: number; eventsMax: number; bytesMax: number };
  runHistory: { executions: number; events: number[]; bytes: number[] };
  /** Median execution time inside each activity type (ActivityTaskStarted → Completed). */
  activityRunMs: Record<string, number>;
  peakRssBytes: number;
}

export interface ScaleContext {
  client: Client;
  taskQueue: string;
  clock: ProcessClock;
  rss: RssSampler;
}

export async function measureScale(context: ScaleContext, tasks: number, sandbox: RunSettings['sandbox'] = 'none'): Promise<ScaleFigures> {
  const { client, taskQueue, clock, rss } = context;
  const repo = await createRepo({ 'README.md': '# Bench\n', 'TODO.md': trivialPlan(tasks) });
  // This machine is shared and noisy: the floor for this run's ratio is measured next to it.
  const roundTripMs = median((await echoRoundTrips(client, taskQueue, 32)).slice(2));
  clock.clear();
  // Start from what is live, not from the garbage of the bench's own analysis of the previous run.
  collectGarbage();
  rss.reset();
  const run = await runPlan(client, taskQueue, repo.root, benchSettings({ sandbox }));
  const peakRssBytes = rss.peak();
  const processes = [...clock.spans];

  const rows = run.result.status.tasks;
  const notCommitted = rows.filter((row) => row.state !== 'committed');
  if (notCommitted.length > 0) {
    throw new Error(`bench run of ${tasks} tasks: ${notCommitted.length} not committed, e.g. ${notCommitted[0]!.id}: ${notCommitted[0]!.state} ${notCommitted[0]!.reason ?? ''}`);
  }

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
      wall: end - start,
      overhead: end - start - coveredMs(work, start, end),
      git: coveredMs(git, start, end),
      gitProcesses: git.filter((p) => p.start >= start && p.start < end).length,
      test: coveredMs(test, start, end),
      tool: coveredMs(journal.tool, start, end),
      model: coveredMs(journal.model, start, end),
      // +1: the run's branch check before each task.
      // Regular activities, local ones, and the run's branch check before the task (a local activity too).
      activities: trips.length + localActivityCount(events) + 1,
      trips,
      size,
    };
  });

  const runSizes = await executionSizes(client, run.workflowId);
  const overheads = perTask.map((task) => task.overhead);
  const activitiesPerTask = median(perTask.map((task) => task.activities));
  const byType = new Map<string, number[]>();
  for (const trip of perTask.flatMap((task) => task.trips)) byType.set(trip.type, [...(byType.get(trip.type) ?? []), trip.runMs]);

  return {
    tasks,
    sandbox,
    totalMs: run.finishedAt - run.startedAt,
    wallPerTaskMs: spread(perTask.map((task) => task.wall)),
    overheadPerTaskMs: spread(overheads),
    workPerTaskMs: {
      git: median(perTask.map((task) => task.git)),
      test: median(perTask.map((task) => task.test)),
      tool: median(perTask.map((task) => task.tool)),
      model: median(perTask.map((task) => task.model)),
    },
    gitProcessesPerTask: median(perTask.map((task) => task.gitProcesses)),
    activitiesPerTask,
    overheadPerActivityMs: median(overheads) / activitiesPerTask,
    roundTripMs,
    taskHistory: historySpread(perTask.map((task) => task.size)),
    runHistory: { executions: runSizes.length, events: runSizes.map((s) => s.events), bytes: runSizes.map((s) => s.bytes) },
    activityRunMs: Object.fromEntries([...byType].map(([type, times]) => [type, median(times)])),
    peakRssBytes,
  };
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
