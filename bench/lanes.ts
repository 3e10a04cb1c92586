/**
 * Lanes (`--parallel N`): what a user waits for when tasks take model time.
 * 16 independent tasks with a fixed 1 s latency per model call (the instant
 * model, slowed down), at 1, 2, 4 and 8 lanes, side by side; then a layered
 * DAG of width 4 and depth 4 at 4 lanes against its critical path (depth ×
 * one task's wall time at one lane). Integration overhead is each
 * integration's time minus its re-test, read from the run's history.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { HistoryEvent } from './history.js';
import { fetchEvents } from './history.js';
import { createRepo } from './repos.js';
import { MODEL_LATENCY_MS, modelsWithLatency } from './model-latency.js';
import { benchSettings, runPlan } from './run-plan.js';
import type { RssSampler } from './server.js';
import { median } from './stats.js';

export const LANE_COUNTS = [1, 2, 4, 8] as const;
const TASKS = 16;
const LATENCY_MS = MODEL_LATENCY_MS;

export interface LaneRun {
  lanes: number;
  wallMs: number;
  /** wall at this many lanes / wall at one lane, measured in the same bench run. */
  ratio: number;
  peakRssBytes: number;
}

export interface LaneFigures {
  tasks: number;
  modelLatencyMs: number;
  runs: LaneRun[];
  /** Integrations that had to re-test (the base had moved) and those that fast-forwarded. */
  integrations: { count: number; retested: number; overheadP50Ms: number; overheadMaxMs: number };
  dag: { width: number; depth: number; lanes: number; wallMs: number; criticalPathMs: number; ratio: number };
}

export async function measureLanes(context: { client: Client; taskQueue: string; rss: RssSampler }, log: (line: string) => void = () => {}): Promise<LaneFigures> {
  const slow = await modelsWithLatency(LATENCY_MS);
  const overheads: number[] = [];
  let retested = 0;
  const runs: Omit<LaneRun, 'ratio'>[] = [];
  for (const lanes of LANE_COUNTS) {
    log(`lanes: ${TASKS} tasks, ${lanes} lane${lanes === 1 ? '' : 's'}`);
    const repo = await createRepo({ 'README.md': '# Lanes\n', 'TODO.md': independentPlan(TASKS) });
    context.rss.reset();
    const run = await runPlan(context.client, context.taskQueue, repo.root, benchSettings({ ...slow, parallel: lanes }), { workspaceRoot: await mkdtemp(join(tmpdir(), 'tandem-bench-lanes-')) });
    assertAllCommitted(run.result.status.tasks, `${lanes} lanes`);
    runs.push({ lanes, wallMs: run.finishedAt - run.startedAt, peakRssBytes: context.rss.peak() });
    for (const integration of integrationResults(await fetchEvents(context.client, run.workflowId))) {
      if (!integration.retested) continue;
      retested++;
      overheads.push(integration.durationMs - integration.testMs);
    }
  }
  const one = runs[0]!.wallMs;

  log('lanes: a DAG of width 4 and depth 4 at 4 lanes');
  const repo = await createRepo({ 'README.md': '# DAG\n', 'TODO.md': layeredPlan(4, 4) });
  const dagRun = await runPlan(context.client, context.taskQueue, repo.root, benchSettings({ ...slow, parallel: 4 }), { workspaceRoot: await mkdtemp(join(tmpdir(), 'tandem-bench-lanes-')) });
  assertAllCommitted(dagRun.result.status.tasks, 'the DAG');
  const dagWall = dagRun.finishedAt - dagRun.startedAt;
  const criticalPathMs = (4 * one) / TASKS;

  const sorted = [...overheads].sort((a, b) => a - b);
  return {
    tasks: TASKS,
    modelLatencyMs: LATENCY_MS,
    runs: runs.map((run) => ({ ...run, ratio: run.wallMs / one })),
    integrations: { count: runs.length * TASKS, retested, overheadP50Ms: sorted.length > 0 ? median(sorted) : 0, overheadMaxMs: sorted.at(-1) ?? 0 },
    dag: { width: 4, depth: 4, lanes: 4, wallMs: dagWall, criticalPathMs, ratio: dagWall / criticalPathMs },
  };
}

/** `count` tasks with no dependencies, each writing its own file (the instant model's default). */
function independentPlan(count: number): string {
  return planOf(Array.from({ length: count }, (_, index) => ({ id: `T${index + 1}`, dependsOn: [] })));
}

/** `depth` levels of `width` tasks; each task depends on every task of the level before (a join at each level). */
export function layeredPlan(width: number, depth: number): string {
  const tasks: { id: string; dependsOn: string[] }[] = [];
  for (let level = 0; level < depth; level++) {
    for (let slot = 0; slot < width; slot++) {
      const previous = level === 0 ? [] : Array.from({ length: width }, (_, i) => `T${(level - 1) * width + i + 1}`);
      tasks.push({ id: `T${level * width + slot + 1}`, dependsOn: previous });
    }
  }
  return planOf(tasks);
}

function planOf(tasks: { id: string; dependsOn: string[] }[]): string {
  const lines = tasks.map(
    (task) => `- [ ] ${task.id}: Write note ${task.id}\n  - Details: Create tandem-instant/${task.id}.txt.\n  - Acceptance:\n    - tandem-instant/${task.id}.txt exists\n  - Depends on: ${task.dependsOn.length > 0 ? task.dependsOn.join(', ') : 'none'}\n`,
  );
  return `# Plan: Lanes\n\n${lines.join('')}`;
}

function assertAllCommitted(rows: { id: string; state: string; reason?: string }[], what: string): void {
  const bad = rows.find((row) => row.state !== 'committed');
  if (bad) throw new Error(`lanes bench (${what}): ${bad.id} ended ${bad.state} ${bad.reason ?? ''}`);
}

/** The results of the run's integrateTask activities (JSON payloads: the bench runs without a codec). */
function integrationResults(events: HistoryEvent[]): { retested: boolean; durationMs: number; testMs: number }[] {
  const integrations = new Set(events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'integrateTask').map((event) => String(event.eventId)));
  const results: { retested: boolean; durationMs: number; testMs: number }[] = [];
  for (const event of events) {
    const completed = event.activityTaskCompletedEventAttributes;
    if (!completed || !integrations.has(String(completed.scheduledEventId))) continue;
    const data = completed.result?.payloads?.[0]?.data;
    if (!data) continue;
    const result = JSON.parse(Buffer.from(data).toString('utf8')) as { status: string; retested?: boolean; durationMs: number; testMs?: number };
    if (result.status === 'integrated') results.push({ retested: result.retested === true, durationMs: result.durationMs, testMs: result.testMs ?? 0 });
  }
  return results;
}
