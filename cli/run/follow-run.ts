/**
 * Follows a run to its end: reads the run's status and the current task's
 * progress by query, and hands each change to a view (lines, JSON events, or
 * the live table on a terminal). Gives up loudly when the run cannot replay
 * on this Tandem version, instead of waiting for it forever.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { isTandemError, type TandemError } from '../../errors/tandem-error.js';
import { runStatusQuery, taskProgressQuery } from '../../workflows/definitions.js';
import type { RunResult } from '../../workflows/run.js';
import type { RunStatus, TaskProgress } from '../../contracts/run.js';
import { findReplayFailure, replayFailureError, type ReplayFailure } from './replay-failure.js';
import { chooseRunView, type RunSnapshot } from './run-view.js';
import type { RunProblem } from './view-types.js';
import { waitForResult } from '../output/follow.js';
import { atModelCall, readPendingRetry } from './provider-waiting.js';
import { pausedForProvider } from './provider-paused.js';
import { atAgentSession, readAgentProgress } from './agent-progress.js';
import type { PlanDeps } from './lanes-lines.js';

const POLL_MS = 400;
/**
 * How long a task's progress may take to answer. It is detail beside the run's own status: a task
 * whose next step only the run's worker can take (none is running, and a control command's worker
 * gives such a step back) answers no query until Temporal's own deadline, 30 s later.
 */
const TASK_QUERY_MS = 3_000;
/**
 * Look for a run stuck on a version mismatch every few polls (a describe per
 * workflow). Shown at once; given up on only when this version's own workflow
 * code cannot replay the stuck history either (checked by replaying it here):
 * otherwise this process's worker is the version that can finish it.
 */
const REPLAY_CHECK_EVERY = 5;

export interface FollowRunOptions {
  attached: boolean;
  ui?: string;
  json: boolean;
  client: Client;
  /** Replays a workflow's history with this process's workflow code (worker/replay-check.ts); absent without a local worker. */
  canReplayHere?: (workflowId: string) => Promise<boolean | undefined>;
  /** Stop following, with this error, once the run pauses for a model provider (see provider-paused.ts). */
  onProviderPause?: (status: RunStatus) => Error;
  /** The plan's dependencies, for what waiting tasks wait for when lanes run. */
  plan?: readonly PlanDeps[];
}

export async function followRun(handle: WorkflowHandle, options: FollowRunOptions): Promise<RunResult> {
  const view = chooseRunView({ json: options.json });
  view.start({ runId: handle.workflowId, attached: options.attached, ui: options.ui });
  let done = false;
  let stuck: (error: Error) => void = () => undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    stuck = reject;
  });
  const poll = (async () => {
    let firstSeen: ReplayFailure | undefined;
    for (let round = 1; !done; round++) {
      const snapshot = await readSnapshot(handle, options.client, options.plan);
      if (snapshot && !done) view.update(snapshot);
      if (snapshot && !done && options.onProviderPause && pausedForProvider(snapshot.status)) {
        stuck(options.onProviderPause(snapshot.status));
        return;
      }
      if (round % REPLAY_CHECK_EVERY === 0) {
        const failure = await findReplayFailure(options.client, handle.workflowId);
        if (done) break;
        if (!failure) {
          if (firstSeen) view.problem(undefined); // a worker of the right version took it over
          firstSeen = undefined;
        } else if (!firstSeen || firstSeen.workflowId !== failure.workflowId) {
          firstSeen = failure;
          view.problem(asProblem(replayFailureError(failure)));
          if ((await options.canReplayHere?.(failure.workflowId)) === false) {
            // This version fails it too, so its worker cannot finish the run: say so and stop waiting.
            stuck(replayFailureError(failure));
            return;
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  try {
    const result = await Promise.race([waitForResult<RunResult>(handle), gaveUp]);
    done = true;
    await poll;
    view.finish(result.status);
    return result;
  } finally {
    done = true;
    view.stop();
  }
}

function asProblem(error: TandemError): RunProblem {
  return { code: error.code, message: error.message, hint: error.hint };
}

/** The run's status, the live progress of the task running now and any retry it waits on; undefined until a worker answers. */
export async function readSnapshot(handle: WorkflowHandle, client: Client, plan?: readonly PlanDeps[]): Promise<RunSnapshot | undefined> {
  let status: RunStatus;
  try {
    status = await handle.query(runStatusQuery);
  } catch (error) {
    // A missing or wrong encryption key must be said, not shown as "no status yet".
    if (isTandemError(error)) throw error;
    return undefined;
  }
  let progress: TaskProgress | undefined;
  const taskWorkflowId = `${status.runId}/${status.currentTaskId}`;
  if (status.currentTaskId) {
    try {
      progress = await queryTaskProgress(client, taskWorkflowId);
    } catch {
      progress = undefined; // the child has not started yet, or did not answer in time: the row shows no step
    }
  }
  // At most one describe per read: a task is at a model call or in an agent session, never both.
  const retry = atModelCall(progress) ? await readPendingRetry(client, taskWorkflowId) : undefined;
  const agentProgress = progress && atAgentSession(progress) ? await readAgentProgress(client, taskWorkflowId, progress.taskId) : undefined;
  const lanes = await readLaneProgress(client, status, progress);
  return { status, progress, ...(retry ? { retry } : {}), ...(agentProgress ? { agentProgress } : {}), ...(lanes ? { lanes } : {}), ...(plan ? { plan } : {}), at: Date.now() };
}

/**
 * With lanes, every running task's progress, each by its own query (all at once); the current
 * task's is the one read already. A child that has ended answers too (its workflow replays):
 * it ended approved and its change is being integrated. Undefined with one task running.
 */
async function readLaneProgress(client: Client, status: RunStatus, current: TaskProgress | undefined): Promise<TaskProgress[] | undefined> {
  const running = status.tasks.filter((row) => row.state === 'running');
  if (running.length <= 1) return undefined;
  const reports = await Promise.all(
    running.map(async (row) => {
      if (current?.taskId === row.id) return current;
      // Not started yet (its worktree is being made), or gone: the lane line shows no step.
      return queryTaskProgress(client, `${status.runId}/${row.id}`).catch(() => undefined);
    }),
  );
  return reports.filter((report): report is TaskProgress => report !== undefined);
}

function queryTaskProgress(client: Client, taskWorkflowId: string): Promise<TaskProgress> {
  return client.withDeadline(Date.now() + TASK_QUERY_MS, () => client.workflow.getHandle(taskWorkflowId).query(taskProgressQuery));
}
