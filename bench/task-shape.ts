/**
 * Temporal's own floor for a whole task (issue 17): the run's task shape read
 * from its history, then replayed with no-op steps (workflows/task-shape.ts)
 * on the same server, right after the run. The honest overhead minus this
 * floor is what Tandem's code and bookkeeping add to Temporal's.
 */
import type { Client } from '@temporalio/client';
import type { ShapeStep, TaskShapeRunInput } from '../workflows/task-shape.js';
import { eventMs, fetchEvents, type HistoryEvent } from './history.js';
import { median, percentile } from './stats.js';
import { stepsOfChildren, type StepTime } from './task-steps.js';

export interface TaskShape {
  /** The steps of the run's typical task, in order: `activity` (a round trip) or `local`. */
  steps: ShapeStep[];
  /** The run's search-attribute upserts per task (median). */
  upsertsPerTask: number;
}

export interface ShapeFigures extends TaskShape {
  tasks: number;
  /** The no-op shape's wall time per task: start of the workflow task that starts a child → the next one. */
  wallPerTaskMs: { p50: number; p95: number };
  /** The whole no-op run's time (first event → last) ÷ tasks; what the variants compare with. */
  meanPerTaskMs: number;
  /**
   * Shapes Tandem does not have, mean per task on the same server: the steps run in the run workflow
   * itself (no child workflow per task), and the same shape with one round trip fewer (NaN with fewer than two).
   * What each change of shape would save, measured rather than guessed.
   */
  variants: { inlineMeanMs: number; oneRoundTripFewerMeanMs: number };
}

/** A task's steps as its history recorded them: scheduled activities and local-activity markers, in order. */
export function stepsOf(events: HistoryEvent[]): ShapeStep[] {
  return events.flatMap((event): ShapeStep[] => {
    if (event.activityTaskScheduledEventAttributes) return ['activity'];
    return event.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? ['local'] : [];
  });
}

/** Upserts between one child's start and the next one's, per task (median; the last task's end counts too). */
export function upsertsPerTask(runEvents: HistoryEvent[]): number {
  const counts: number[] = [];
  let current: number | undefined;
  for (const event of runEvents) {
    if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      if (current !== undefined) counts.push(current);
      current = 0;
    } else if (event.upsertWorkflowSearchAttributesEventAttributes && current !== undefined) {
      current++;
    }
  }
  if (current !== undefined) counts.push(current);
  return counts.length === 0 ? 0 : Math.round(median(counts));
}

/**
 * Each task's wall time in a run history: from the start of the workflow task that
 * started its child to the start of the one that started the next (the last task has none).
 */
export function taskWallTimes(runEvents: HistoryEvent[]): number[] {
  const starts: number[] = [];
  let lastTaskStart: number | undefined;
  for (const event of runEvents) {
    if (event.workflowTaskStartedEventAttributes) lastTaskStart = eventMs(event);
    if (event.startChildWorkflowExecutionInitiatedEventAttributes && lastTaskStart !== undefined) starts.push(lastTaskStart);
  }
  return starts.slice(1).map((start, index) => start - starts[index]!);
}

/** The shape of a finished run's typical task: its middle child's steps, and the run's upserts per task. */
export async function taskShapeOf(client: Client, runWorkflowId: string, taskIds: string[]): Promise<TaskShape> {
  const middle = taskIds[Math.floor(taskIds.length / 2)];
  if (middle === undefined) throw new Error(`${runWorkflowId}: no task to take the shape of`);
  const [runEvents, taskEvents] = await Promise.all([fetchEvents(client, runWorkflowId), fetchEvents(client, `${runWorkflowId}/${middle}`)]);
  return { steps: stepsOf(taskEvents), upsertsPerTask: upsertsPerTask(runEvents) };
}

/**
 * Runs `tasks` no-op tasks of `shape` one after another, as a run would, and times them; then the variants.
 * The server slows as its database grows through the bench, so each shape runs twice, in the order
 * A B C C B A, and each figure takes both runs: none gains from going first.
 */
export async function measureTaskShape(client: Client, taskQueue: string, shape: TaskShape, tasks: number): Promise<{ figures: ShapeFigures; stepTimes: StepTime[][] }> {
  const asNow: TaskShapeRunInput = { tasks, upsertsPerTask: shape.upsertsPerTask, steps: shape.steps };
  const fewerSteps = withoutOneRoundTrip(shape.steps);
  const shapes = { asNow, inline: { ...asNow, inline: true }, ...(fewerSteps ? { fewer: { ...asNow, steps: fewerSteps } } : {}) };
  const names = Object.keys(shapes) as (keyof typeof shapes)[];
  const runs = new Map<string, HistoryEvent[][]>();
  const stepTimes: StepTime[][] = [];
  for (const name of [...names, ...[...names].reverse()]) {
    const { workflowId, events } = await runShape(client, taskQueue, shapes[name]!);
    runs.set(name, [...(runs.get(name) ?? []), events]);
    if (name === 'asNow') stepTimes.push(...(await shapeSteps(client, workflowId, events, tasks)));
  }
  const mean = (name: string) => {
    const histories = runs.get(name) ?? [];
    return histories.length === 0 ? Number.NaN : histories.reduce((sum, events) => sum + meanPerTask(events, tasks), 0) / histories.length;
  };
  const walls = (runs.get('asNow') ?? []).flatMap(taskWallTimes);
  const figures: ShapeFigures = {
    ...shape,
    tasks,
    wallPerTaskMs: { p50: median(walls), p95: percentile(walls, 95) },
    meanPerTaskMs: mean('asNow'),
    variants: { inlineMeanMs: mean('inline'), oneRoundTripFewerMeanMs: mean('fewer') },
  };
  return { figures, stepTimes };
}

/** Each no-op task's steps (task-steps.ts), as for Tandem's run. */
async function shapeSteps(client: Client, workflowId: string, events: HistoryEvent[], tasks: number): Promise<StepTime[][]> {
  const ids = Array.from({ length: tasks }, (_, index) => `${workflowId}/T${index + 1}`);
  const children = await Promise.all(ids.map(async (id) => ({ id, events: await fetchEvents(client, id) })));
  return stepsOfChildren(events, children);
}

/** The steps without their last round trip (a task whose checks ran inside its review); undefined with fewer than two. */
export function withoutOneRoundTrip(steps: ShapeStep[]): ShapeStep[] | undefined {
  const last = steps.lastIndexOf('activity');
  if (steps.filter((step) => step === 'activity').length < 2) return undefined;
  return [...steps.slice(0, last), ...steps.slice(last + 1)];
}

let shapeRuns = 0;

async function runShape(client: Client, taskQueue: string, input: TaskShapeRunInput): Promise<{ workflowId: string; events: HistoryEvent[] }> {
  const workflowId = `bench-task-shape-${Date.now()}-${++shapeRuns}${input.inline ? '-inline' : ''}`;
  await client.workflow.execute('taskShapeRunWorkflow', { workflowId, taskQueue, args: [input] });
  return { workflowId, events: await fetchEvents(client, workflowId) };
}

/** First event → last event of a run history, ÷ its tasks. */
export function meanPerTask(events: HistoryEvent[], tasks: number): number {
  const first = events[0];
  const last = events.at(-1);
  return first && last && tasks > 0 ? (eventMs(last) - eventMs(first)) / tasks : Number.NaN;
}
