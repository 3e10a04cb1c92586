import { describe, expect, it } from 'vitest';
import { childStartTimes, stepFigures, stepsOfChildren, taskSteps, type StepTime } from '../../bench/task-steps.js';
import type { HistoryEvent } from '../../bench/history.js';

/** A history event of one kind at `ms` (the fields the steps read; the rest of an event is irrelevant here). */
function event(kind: string, ms: number, extra: Record<string, unknown> = {}): HistoryEvent {
  return { eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 }, [kind]: { ...extra } } as unknown as HistoryEvent;
}
const scheduled = (type: string, ms: number) => event('activityTaskScheduledEventAttributes', ms, { activityType: { name: type } });
const localMarker = (ms: number) => event('markerRecordedEventAttributes', ms, { markerName: 'core_local_activity' });

/** A trivial task as Tandem runs it: a model step, a file tool (local), a second step, the checks, the review, the commit (local). */
function trivialTask(at: number): HistoryEvent[] {
  return [
    event('workflowExecutionStartedEventAttributes', at + 10),
    event('workflowTaskScheduledEventAttributes', at + 15),
    event('workflowTaskStartedEventAttributes', at + 20),
    event('workflowTaskCompletedEventAttributes', at + 32),
    scheduled('implementerStep', at + 32),
    event('activityTaskStartedEventAttributes', at + 32),
    event('activityTaskCompletedEventAttributes', at + 42),
    event('workflowTaskScheduledEventAttributes', at + 42),
    event('workflowTaskStartedEventAttributes', at + 44),
    event('workflowTaskCompletedEventAttributes', at + 60),
    localMarker(at + 60),
    scheduled('implementerStep', at + 60),
    event('activityTaskCompletedEventAttributes', at + 65),
    event('workflowTaskCompletedEventAttributes', at + 72),
    // A patch marker is no local activity.
    event('markerRecordedEventAttributes', at + 72, { markerName: 'core_patch' }),
    scheduled('reviewChanges', at + 72),
    event('activityTaskCompletedEventAttributes', at + 96),
    event('workflowTaskStartedEventAttributes', at + 98),
    event('workflowTaskCompletedEventAttributes', at + 124),
    localMarker(at + 124),
    event('workflowExecutionCompletedEventAttributes', at + 124),
  ];
}

describe("a task's time, step by step", () => {
  it('splits the wall time into the start, each decision and each round trip, local activities with the decision they ran in', () => {
    const steps = taskSteps(trivialTask(1000), 1000, 1140);
    expect(steps.map(({ step, ms }) => ({ step, ms }))).toEqual([
      { step: 'start', ms: 20 },
      { step: 'first decision', ms: 12 },
      { step: 'implementerStep', ms: 10 },
      { step: 'decision after implementerStep + 1 local', ms: 18 },
      { step: 'implementerStep', ms: 5 },
      { step: 'decision after implementerStep', ms: 7 },
      { step: 'reviewChanges', ms: 24 },
      { step: 'decision after reviewChanges + 1 local', ms: 28 },
      { step: 'end', ms: 16 },
    ]);
    // The steps account for the whole wall time, nothing counted twice: each begins where the last ended.
    expect(steps.reduce((sum, step) => sum + step.ms, 0)).toBe(140);
    expect(steps.slice(1).every((step, index) => step.startMs === steps[index]!.startMs + steps[index]!.ms)).toBe(true);
    expect(steps[0]!.startMs).toBe(1000);
  });

  it("anchors each child at the start of its parent's workflow task that started it, and leaves out the last (nothing ends it)", () => {
    const parent = [
      event('workflowTaskStartedEventAttributes', 1000),
      event('startChildWorkflowExecutionInitiatedEventAttributes', 1005, { workflowId: 'run/T1' }),
      event('workflowTaskStartedEventAttributes', 1060), // the child started: no child starts here
      event('workflowTaskStartedEventAttributes', 1140),
      event('startChildWorkflowExecutionInitiatedEventAttributes', 1146, { workflowId: 'run/T2' }),
    ];
    expect([...childStartTimes(parent)]).toEqual([
      ['run/T1', 1000],
      ['run/T2', 1140],
    ]);
    const steps = stepsOfChildren(parent, [
      { id: 'run/T1', events: trivialTask(1000) },
      { id: 'run/T2', events: trivialTask(1140) },
    ]);
    expect(steps).toHaveLength(1);
    expect(steps[0]!.reduce((sum, step) => sum + step.ms, 0)).toBe(140);
  });

  it('takes medians over the tasks of the usual sequence, and lines Temporal alone up with it by position', () => {
    const task = (start: number, review: number, reviewWork = 12): StepTime[] => [
      { step: 'start', ms: start, startMs: 0, workMs: 0 },
      { step: 'reviewChanges', ms: review, startMs: start, workMs: reviewWork },
    ];
    // A retried task has more steps: left out rather than misaligned.
    const retried: StepTime[] = [...task(99, 99), { step: 'reviewChanges', ms: 99, startMs: 198 }];
    const shape = (start: number): StepTime[] => [
      { step: 'start', ms: start, startMs: 0 },
      { step: 'echo', ms: 3, startMs: start },
    ];
    expect(stepFigures([task(20, 24, 11), task(22, 26, 13), task(30, 25, 12), retried], [shape(10), shape(12), shape(14)])).toEqual([
      { step: 'start', tandemMs: 22, workMs: 0, temporalMs: 12 },
      { step: 'reviewChanges', tandemMs: 25, workMs: 12, temporalMs: 3 },
    ]);
    // A shape of another length is not lined up at all; steps without work figures have none.
    const unmeasured = task(20, 24).map(({ workMs: _w, ...step }) => step);
    expect(stepFigures([unmeasured], [[{ step: 'start', ms: 1, startMs: 0 }]])).toEqual([
      { step: 'start', tandemMs: 20 },
      { step: 'reviewChanges', tandemMs: 24 },
    ]);
    expect(stepFigures([])).toEqual([]);
  });
});
