/**
 * Cancelling a run and waiting for its end. The cancel itself is an update the
 * run records at once; rolling the running task back takes activities, so the
 * run only ends where a worker with activities polls its task queue: here
 * (`--wait`, `--restart`) or in another process.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import type { RunStatus } from '../../contracts/run.js';
import { cancelUpdate } from '../../workflows/definitions.js';
import type { RunResult } from '../../workflows/run.js';
import { forgetStickyWorker, withLocalWorker, type Session } from '../session.js';
import { sendWhenPrepared } from './run-preparing.js';
import { refusedUpdate } from './run-session.js';

/** temporal.api.enums.v1.TaskQueueType (from @temporalio/proto, which Tandem does not depend on directly). */
const TASK_QUEUE_TYPE_ACTIVITY = 2;

export interface CancelAndWaitInput {
  session: Session;
  workflowId: string;
  /** The open run's own queue: a worker on any other would never see its tasks. */
  taskQueue: string;
  reason?: string;
  /** False with --no-worker: another process's worker must do the roll back. */
  localWorker: boolean;
}

/** Cancels the run and resolves with its final status once it has ended (its running task rolled back). */
export async function cancelAndWait(input: CancelAndWaitInput): Promise<RunStatus> {
  const handle = input.session.temporal.client.workflow.getHandle(input.workflowId);
  // A worker that died (Ctrl-C) may still hold the run's sticky queue: hand its next task to ours.
  await forgetStickyWorker(input.session, input.workflowId);
  return withLocalWorker({ ...input.session, taskQueue: input.taskQueue }, input.localWorker, async () => {
    // A run still preparing takes the cancel once it has prepared (with a local worker, here).
    await sendWhenPrepared({
      handle,
      send: () => refusedUpdate(handle.executeUpdate(cancelUpdate, { args: [{ reason: input.reason }] }), handle),
      what: 'the cancel',
      say: (line) => process.stderr.write(line),
    });
    const result = (await handle.result()) as RunResult;
    return result.status;
  }, { run: {} });
}

/**
 * How long ago (in seconds) a worker with activities last polled `taskQueue`,
 * or undefined when none has lately. A live worker polls at least every
 * minute; one that was just stopped stays listed a while, so this says
 * "maybe", never "surely". The control commands' own worker runs workflows
 * only, so it never counts.
 */
export async function lastActivityPollSecondsAgo(client: Client, taskQueue: string): Promise<number | undefined> {
  const response = await client.workflowService
    .describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
    })
    .catch(() => undefined);
  const times = (response?.pollers ?? []).map((poller) => optionalTsToMs(poller.lastAccessTime)).filter((ms): ms is number => ms !== undefined);
  return times.length > 0 ? Math.max(0, Math.round((Date.now() - Math.max(...times)) / 1000)) : undefined;
}
