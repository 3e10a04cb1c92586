/**
 * Which workers poll a run's task queue for activities: the processes that
 * can do its work (`tandem run`'s own worker, `tandem worker`). A control
 * command's helper worker answers queries only and never polls for
 * activities, so it does not count itself.
 */
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY */
const ACTIVITY_QUEUE = 2;
/**
 * An idle worker's long poll is renewed about once a minute, and the server
 * lists a poller for minutes after its last poll: one not seen for longer than
 * this is gone (Ctrl-C, kill), not waiting.
 */
const RECENT_MS = 90_000;

/** Identities (`pid@host`) of the workers that polled `taskQueue` for activities recently. */
export async function activityWorkers(client: Client, taskQueue: string, now = Date.now()): Promise<string[]> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: ACTIVITY_QUEUE,
  });
  return (response.pollers ?? [])
    .filter((poller) => now - (optionalTsToMs(poller.lastAccessTime) ?? 0) < RECENT_MS)
    .map((poller) => poller.identity ?? 'a worker');
}
