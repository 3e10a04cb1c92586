import { describe, expect, it } from 'vitest';
import { meanPerTask, stepsOf, taskWallTimes, upsertsPerTask, withoutOneRoundTrip } from '../../bench/task-shape.js';
import type { HistoryEvent } from '../../bench/history.js';

/** A history event of one kind at `ms` (the fields the shape reads; the rest of an event is irrelevant here). */
function event(kind: string, ms = 0, extra: Record<string, unknown> = {}): HistoryEvent {
  return { eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 }, [kind]: { ...extra } } as unknown as HistoryEvent;
}
const marker = (name: string) => event('markerRecordedEventAttributes', 0, { markerName: name });

describe("a task's shape, read from its history", () => {
  it('lists the activities and local activities in the order the task ran them, and nothing else', () => {
    const task = [
      event('workflowExecutionStartedEventAttributes'),
      event('workflowTaskCompletedEventAttributes'),
      event('activityTaskScheduledEventAttributes'),
      event('activityTaskCompletedEventAttributes'),
      marker('core_local_activity'),
      event('activityTaskScheduledEventAttributes'),
      // A patch marker is not a step.
      marker('core_patch'),
      event('activityTaskScheduledEventAttributes'),
      marker('core_local_activity'),
    ];
    expect(stepsOf(task)).toEqual(['activity', 'local', 'activity', 'activity', 'local']);
  });

  it("counts the run's upserts per task: those from one child's start to the next, the last task's end included", () => {
    const run = [
      event('upsertWorkflowSearchAttributesEventAttributes'), // before any task: the run's own start, not a task's
      event('startChildWorkflowExecutionInitiatedEventAttributes'),
      event('upsertWorkflowSearchAttributesEventAttributes'),
      event('upsertWorkflowSearchAttributesEventAttributes'),
      event('startChildWorkflowExecutionInitiatedEventAttributes'),
      event('upsertWorkflowSearchAttributesEventAttributes'),
      event('upsertWorkflowSearchAttributesEventAttributes'),
      event('startChildWorkflowExecutionInitiatedEventAttributes'),
      event('upsertWorkflowSearchAttributesEventAttributes'),
    ];
    expect(upsertsPerTask(run)).toBe(2);
    expect(upsertsPerTask([event('upsertWorkflowSearchAttributesEventAttributes')])).toBe(0);
  });

  it("times each task from the start of the workflow task that starts its child to the next such start", () => {
    const run = [
      event('workflowTaskStartedEventAttributes', 1000),
      event('startChildWorkflowExecutionInitiatedEventAttributes', 1010),
      event('workflowTaskStartedEventAttributes', 1030), // the child started: no new task
      event('workflowTaskStartedEventAttributes', 1150),
      event('startChildWorkflowExecutionInitiatedEventAttributes', 1160),
      event('workflowTaskStartedEventAttributes', 1400),
      event('startChildWorkflowExecutionInitiatedEventAttributes', 1405),
    ];
    expect(taskWallTimes(run)).toEqual([150, 250]);
  });

  it('takes out the last round trip for the shape with one fewer, and needs two to take one', () => {
    expect(withoutOneRoundTrip(['activity', 'local', 'activity', 'activity', 'local'])).toEqual(['activity', 'local', 'activity', 'local']);
    expect(withoutOneRoundTrip(['activity', 'local'])).toBeUndefined();
  });

  it('averages a whole run over its tasks, first event to last', () => {
    expect(meanPerTask([event('workflowExecutionStartedEventAttributes', 1000), event('workflowExecutionCompletedEventAttributes', 1500)], 4)).toBe(125);
    expect(meanPerTask([], 4)).toBeNaN();
  });
});
