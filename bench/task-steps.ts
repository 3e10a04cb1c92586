/**
 * Where a task's wall time goes, step by step, read from the histories: the
 * same steps for Tandem's run and for Temporal alone running that shape with
 * no-op steps (task-shape.ts), side by side. The honest overhead says how much
 * Tandem adds; this says where, so the next change goes where the time is.
 */
import { eventMs, type HistoryEvent } from './history.js';
import { median } from './stats.js';

/** One step of one task: what it is, and how long it took. */
export interface StepTime {
  step: string;
  ms: number;
  /** When the step began (epoch ms, the history's clock). */
  startMs: number;
  /** Of `ms`, the time in processes (git, the test command), model calls and tool calls; absent when not measured (Temporal alone). */
  workMs?: number;
}

/** A step's median over the tasks, for Tandem and (when the shapes line up) Temporal alone. */
export interface StepFigure {
  step: string;
  tandemMs: number;
  /** Of tandemMs, the time in processes, model calls and tool calls (median). */
  workMs?: number;
  /** The no-op shape's median for the same step; absent when its steps did not line up with Tandem's. */
  temporalMs?: number;
}

/**
 * One task's steps, which add up to its wall time (task-shape.ts taskWallTimes):
 * - `start`: from the parent's workflow task that starts the child to the child's first workflow task;
 * - `first decision`: that workflow task, until it completes;
 * - each round trip: `<activity type>`, scheduled → completed;
 * - after each: `decision after <activity type>`, completed → the next workflow task completed,
 *   `+ N local` when local activities ran in it (a file tool, the commit);
 * - `end`: the child's last workflow task completed → the parent's next child-starting workflow task.
 * `taskStartMs` and `nextTaskStartMs` are those parent workflow tasks' start times.
 */
export function taskSteps(child: HistoryEvent[], taskStartMs: number, nextTaskStartMs: number): StepTime[] {
  const steps: { step: string; ms: number; startMs: number; locals: number }[] = [];
  let from = taskStartMs;
  // What the time since `from` is spent on; `idle` gives it to the next step (a command follows its decision at once).
  let pending = 'start';
  const close = (step: string, at: number) => {
    steps.push({ step, ms: at - from, startMs: from, locals: 0 });
    from = at;
  };
  for (const event of child) {
    const at = eventMs(event);
    if (pending === 'start' && event.workflowTaskStartedEventAttributes) {
      close('start', at);
      pending = 'first decision';
    } else if (event.workflowTaskCompletedEventAttributes && (pending === 'first decision' || pending.startsWith('decision after '))) {
      close(pending, at);
      pending = 'idle';
    } else if (event.activityTaskScheduledEventAttributes) {
      pending = event.activityTaskScheduledEventAttributes.activityType?.name ?? 'activity';
    } else if (event.activityTaskCompletedEventAttributes || event.activityTaskFailedEventAttributes || event.activityTaskTimedOutEventAttributes) {
      close(pending, at);
      pending = `decision after ${pending}`;
    } else if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      // A local activity's marker follows the workflow task it ran in.
      const last = steps[steps.length - 1];
      if (last !== undefined) last.locals++;
    }
  }
  close('end', nextTaskStartMs);
  return steps.map(({ step, ms, startMs, locals }) => ({ step: locals > 0 ? `${step} + ${locals} local` : step, ms, startMs }));
}

/**
 * Medians per step over the tasks whose steps match the most common sequence (a retried
 * task has more); Temporal alone's by position when its sequence has the same length.
 */
export function stepFigures(tandem: StepTime[][], temporal: StepTime[][] = []): StepFigure[] {
  const typical = typicalSequence(tandem);
  if (typical === undefined) return [];
  const alike = tandem.filter((steps) => sameSequence(steps, typical));
  const shape = typicalSequence(temporal);
  const shapeAlike = shape !== undefined && shape.length === typical.length ? temporal.filter((steps) => sameSequence(steps, shape)) : [];
  const work = (index: number) => alike.flatMap((steps) => (steps[index]!.workMs === undefined ? [] : [steps[index]!.workMs!]));
  return typical.map((step, index) => ({
    step: step.step,
    tandemMs: median(alike.map((steps) => steps[index]!.ms)),
    ...(work(index).length > 0 ? { workMs: median(work(index)) } : {}),
    ...(shapeAlike.length > 0 ? { temporalMs: median(shapeAlike.map((steps) => steps[index]!.ms)) } : {}),
  }));
}

function typicalSequence(tasks: StepTime[][]): StepTime[] | undefined {
  const counts = new Map<string, { count: number; steps: StepTime[] }>();
  for (const steps of tasks) {
    const key = steps.map((s) => s.step).join('|');
    const entry = counts.get(key) ?? { count: 0, steps };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.steps;
}

function sameSequence(a: StepTime[], b: StepTime[]): boolean {
  return a.length === b.length && a.every((s, index) => s.step === b[index]!.step);
}

/** Each child's start in its parent's history: the start of the parent's workflow task that started it, by child workflow id. */
export function childStartTimes(parent: HistoryEvent[]): Map<string, number> {
  const starts = new Map<string, number>();
  let lastTaskStart: number | undefined;
  for (const event of parent) {
    if (event.workflowTaskStartedEventAttributes) lastTaskStart = eventMs(event);
    const childId = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    if (childId && lastTaskStart !== undefined && !starts.has(childId)) starts.set(childId, lastTaskStart);
  }
  return starts;
}

/**
 * The steps of each child in `childIds` order that has a next one in the same parent history
 * (the last task, and tasks of an earlier continue-as-new execution, have none to end them).
 */
export function stepsOfChildren(parent: HistoryEvent[], children: { id: string; events: HistoryEvent[] }[]): StepTime[][] {
  const starts = childStartTimes(parent);
  return children.flatMap((child, index) => {
    const start = starts.get(child.id);
    const next = children[index + 1] === undefined ? undefined : starts.get(children[index + 1]!.id);
    return start === undefined || next === undefined ? [] : [taskSteps(child.events, start, next)];
  });
}
