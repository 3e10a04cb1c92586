/**
 * How a closed run ended, read from its workflow's result, so `tandem status`
 * tells the truth without a worker: a failed run says why it failed (not "no
 * status yet"), and a cancelled run says cancelled, although its workflow
 * returned normally and Temporal calls it COMPLETED.
 */
import { WorkflowFailedError, type WorkflowExecutionStatusName, type WorkflowHandle } from '@temporalio/client';
import type { TandemError } from '../../errors/tandem-error.js';
import type { RunStatus } from '../../contracts/run.js';
import type { RunResult } from '../../workflows/run.js';
import { workflowFailureToError } from '../output/workflow-failure.js';

export interface RunEnding {
  /** The run's own final state when the workflow returned one, else what Temporal says happened. */
  state: string;
  /** What the run returned: its final task table and totals. */
  status?: RunStatus;
  /** Why the workflow closed without a result (it failed, was terminated, timed out). */
  failure?: EndingFailure;
}

export interface EndingFailure {
  code: string;
  /** The innermost failure's message, without the workflow id. */
  reason: string;
  hint?: string;
}

const CLOSED_WORDS: Partial<Record<WorkflowExecutionStatusName, string>> = {
  FAILED: 'failed',
  TERMINATED: 'terminated',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed out',
};

/** undefined while the workflow is still open. */
export async function readRunEnding(handle: WorkflowHandle, workflowStatus: WorkflowExecutionStatusName): Promise<RunEnding | undefined> {
  if (workflowStatus === 'RUNNING' || workflowStatus === 'PAUSED' || workflowStatus === 'CONTINUED_AS_NEW') return undefined;
  try {
    const result = (await handle.result()) as RunResult;
    return { state: result.status.state, status: result.status };
  } catch (error) {
    // Anything but the workflow's own failure (a missing encryption key, the server gone) is the command's error.
    if (!(error instanceof WorkflowFailedError)) throw error;
    const word = CLOSED_WORDS[workflowStatus] ?? workflowStatus.toLowerCase();
    if (workflowStatus === 'FAILED') {
      const failed = workflowFailureToError(error, handle.workflowId) as TandemError;
      return { state: word, failure: { code: failed.code, reason: failed.message.replace(`${handle.workflowId} failed: `, ''), ...(failed.hint ? { hint: failed.hint } : {}) } };
    }
    return {
      state: word,
      failure: {
        code: 'WORKFLOW_FAILED',
        reason: `its workflow was ${word}${error.cause?.message ? ` (${error.cause.message})` : ''}`,
        hint: 'Tasks it committed stay on the run branch. `tandem run` starts the plan again and skips them.',
      },
    };
  }
}

/** The header word: the run's own state (paused, cancelled) where known, else the workflow's. */
export function runStateWord(workflowStatus: WorkflowExecutionStatusName, ending: RunEnding | undefined, live: RunStatus | undefined): string {
  if (ending) return ending.state;
  if (live?.cancelRequested) return 'cancelling';
  if (live?.approval) return 'waiting for approval';
  return live?.state ?? workflowStatus.toLowerCase();
}
