/**
 * Finds a run that cannot move on because its workflow code changed under it:
 * a worker of another Tandem version replayed the run's history (or one of
 * its task workflows') and produced other commands, so every workflow task
 * fails with Temporal's nondeterminism error and the run waits forever.
 * Queries fail too, so without this the user sees a silent "waiting".
 */
import type { Client } from '@temporalio/client';
import { EXIT, TandemError } from '../../errors/tandem-error.js';

/** temporal.api.enums.v1 values (from @temporalio/proto, which Tandem does not depend on directly). */
const EVENT_TYPE_WORKFLOW_TASK_COMPLETED = 7;
const EVENT_TYPE_WORKFLOW_TASK_FAILED = 9;
const WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR = 24;

/** Enough of the newest events to reach the last workflow task's outcome. */
const RECENT_EVENTS = 20;

export interface ReplayFailure {
  /** The run's workflow id: what to terminate, even when a task workflow is the one stuck. */
  runWorkflowId: string;
  /** The run itself, or the task workflow (`<run id>/<task id>`) that is stuck. */
  workflowId: string;
  /** The SDK's message, e.g. `[TMPRL1100] Nondeterminism error: ...`. */
  detail: string;
  /** The attempt of the workflow task now pending: a worker took it that many times (history records only the first failure). */
  attempt: number;
}

/**
 * The run's or its running task workflow's nondeterminism failure, or
 * undefined when both make progress (or the run is closed). Costs one
 * describe per workflow; history is read only for a workflow task that has
 * already failed at least once.
 */
export async function findReplayFailure(client: Client, runWorkflowId: string): Promise<ReplayFailure | undefined> {
  const run = await describeRaw(client, runWorkflowId);
  if (!run) return undefined;
  const candidates = [{ workflowId: runWorkflowId, description: run }];
  for (const child of run.pendingChildren ?? []) {
    if (!child.workflowId) continue;
    const description = await describeRaw(client, child.workflowId);
    if (description) candidates.push({ workflowId: child.workflowId, description });
  }
  for (const { workflowId, description } of candidates) {
    // A second attempt means the first one failed or timed out; only the history says which.
    const attempt = description.pendingWorkflowTask?.attempt ?? 0;
    if (attempt < 2) continue;
    const failed = await lastNondeterminism(client, workflowId);
    if (failed !== undefined) return { runWorkflowId, workflowId, detail: failed, attempt };
  }
  return undefined;
}

/** What `tandem run` and `tandem status` say about it: which workflow, why, and the two ways out. */
export function replayFailureError(failure: ReplayFailure): TandemError {
  return new TandemError(
    `${failure.workflowId} cannot continue: the run was started by another Tandem version, and its workflow code changed in a way that cannot replay (${firstLine(failure.detail)}).`,
    {
      code: 'RUN_VERSION_MISMATCH',
      // Not `tandem cancel`: a cancel is an update, and a workflow that cannot replay processes none.
      hint: `Finish the run with the Tandem version that started it (a worker loads that version's dist/workflow-bundle.js when TANDEM_WORKFLOW_BUNDLE names it), or end it with \`temporal workflow terminate --workflow-id '${failure.runWorkflowId}'\` and start again with this version.`,
      exitCode: EXIT.infrastructure,
      context: { workflowId: failure.workflowId },
    },
  );
}

async function describeRaw(client: Client, workflowId: string) {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING' ? description.raw : undefined;
  } catch {
    return undefined; // not started yet, or gone: nothing stuck to report
  }
}

/** The failure message when the newest workflow task outcome is a nondeterminism failure. */
async function lastNondeterminism(client: Client, workflowId: string): Promise<string | undefined> {
  const response = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: RECENT_EVENTS,
  });
  for (const event of response.history?.events ?? []) {
    if (event.eventType === EVENT_TYPE_WORKFLOW_TASK_COMPLETED) return undefined;
    if (event.eventType === EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      const failed = event.workflowTaskFailedEventAttributes;
      return failed?.cause === WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR ? (failed.failure?.message ?? 'nondeterminism error') : undefined;
    }
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
