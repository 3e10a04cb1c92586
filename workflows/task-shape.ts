/**
 * The bench's floor for a whole task (issue 17): what Temporal itself costs for
 * the shape of a trivial Tandem task, with every step a no-op. A parent starts
 * one child per task, one after another, with the same search-attribute
 * upserts as a run; each child runs the same sequence of activities and local
 * activities as a task does. Tandem's wall time per task minus this one is
 * what Tandem's own code and processes add. `inline` runs the steps in the
 * parent instead, to measure what a task without a child workflow would cost.
 *
 * Never started by `tandem run`: `npm run bench` starts it on its own server.
 */
import { executeChild, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type * as echoActivities from '../activities/echo.js';
import { attributeUpdates } from '../contracts/search-attributes.js';

/** `activity`: a server round trip (a model step, the checks, a review); `local`: a local activity (a file tool, the commit). */
export type ShapeStep = 'activity' | 'local';

export interface TaskShapeRunInput {
  tasks: number;
  /** Upserts of the run's search attributes per task (a run publishes its status as a task starts and ends). */
  upsertsPerTask: number;
  steps: ShapeStep[];
  /** Run each task's steps in the run workflow itself, without a child workflow: what that shape would cost. */
  inline?: boolean;
}

// No-ops that fail fast: a floor that retries would measure the retries.
const { echo } = proxyActivities<typeof echoActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } });
const { echo: localEcho } = proxyLocalActivities<typeof echoActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } });

export async function taskShapeRunWorkflow(input: TaskShapeRunInput): Promise<number> {
  const { workflowId } = workflowInfo();
  for (let index = 1; index <= input.tasks; index++) {
    // In the same workflow task as the child's start, as a run's status updates are.
    // Every attribute, as a run sends them (it sends all of them each time).
    for (let upsert = 0; upsert < input.upsertsPerTask; upsert++) {
      upsertSearchAttributes(
        attributeUpdates({ repo: workflowId, plan: 'TODO.md', state: 'running', currentTask: `T${index}`, done: index - 1 + upsert, failed: 0, total: input.tasks, costUsd: 0, tokens: 0, implementer: 'scripted:instant', reviewers: ['scripted:instant-reviewer'] }),
      );
    }
    if (input.inline) await taskShapeWorkflow({ steps: input.steps });
    else await executeChild(taskShapeWorkflow, { workflowId: `${workflowId}/T${index}`, args: [{ steps: input.steps }] });
  }
  return input.tasks;
}

export async function taskShapeWorkflow(input: { steps: ShapeStep[] }): Promise<number> {
  for (const step of input.steps) await (step === 'activity' ? echo : localEcho)({ message: step });
  return input.steps.length;
}
