/** Which task queue a run is on: its own unless the user chose one to share. */
import { describe, expect, it } from 'vitest';
import { chosenTaskQueue, workflowTaskQueue } from '../../worker/task-queue.js';
import { planWorkflowId, runWorkflowId } from '../../cli/workspace.js';

describe('task queue naming', () => {
  it('gives each run and planning a queue of its own, derived from its workflow id alone', () => {
    const run = runWorkflowId('/src/app', 'TODO.md');
    expect(workflowTaskQueue(run)).toMatch(/^tandem\/run\/[0-9a-f]{12}$/);
    expect(workflowTaskQueue(run)).toBe(workflowTaskQueue(runWorkflowId('/src/app', 'TODO.md')));
    // Another repository, or another plan of the same one: another queue.
    expect(workflowTaskQueue(runWorkflowId('/src/other', 'TODO.md'))).not.toBe(workflowTaskQueue(run));
    expect(workflowTaskQueue(runWorkflowId('/src/app', 'plans/auth.md'))).not.toBe(workflowTaskQueue(run));
    expect(workflowTaskQueue(planWorkflowId('/src/app', 'design.md'))).toMatch(/^tandem\/plan\/[0-9a-f]{12}$/);
  });

  it('lets a queue the user chose win: --task-queue, then TANDEM_TASK_QUEUE, then tandem.yaml', () => {
    expect(chosenTaskQueue('night', 'yaml-queue', { TANDEM_TASK_QUEUE: 'env-queue' })).toBe('night');
    expect(chosenTaskQueue(undefined, 'yaml-queue', { TANDEM_TASK_QUEUE: 'env-queue' })).toBe('env-queue');
    expect(chosenTaskQueue(undefined, 'yaml-queue', {})).toBe('yaml-queue');
    // Nothing chosen (blank counts as nothing): the run gets its own queue.
    expect(chosenTaskQueue('  ', undefined, { TANDEM_TASK_QUEUE: ' ' })).toBeUndefined();
  });
});
