import { createHash } from 'node:crypto';
import { taskQueueSetting } from '../settings/environment.js';

/** The task queue a worker polls when told nothing; runs started before per-run queues live on it. */
export const DEFAULT_TASK_QUEUE = 'tandem';

/** `--task-queue` wins, then TANDEM_TASK_QUEUE, then `tandem`. Workers and clients must agree on it. */
export function resolveTaskQueue(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag?.trim() || taskQueueSetting(env) || DEFAULT_TASK_QUEUE;
}

/**
 * The queue a user chose on purpose (`--task-queue`, then TANDEM_TASK_QUEUE, then
 * `temporal.taskQueue` in tandem.yaml), or undefined. A chosen queue is shared by
 * whoever polls it; without one, each run gets its own (workflowTaskQueue).
 */
export function chosenTaskQueue(flag: string | undefined, configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag?.trim() || taskQueueSetting(env) || configured?.trim() || undefined;
}

/**
 * The queue only the processes serving this run (or planning) poll:
 * `tandem/run/<12 hex>` for a run's workflow id, `tandem/plan/<12 hex>` for a
 * planning's. Derived from the id alone, so every command and `tandem worker
 * --repo` agree on it without being told; two repositories never share one.
 */
export function workflowTaskQueue(workflowId: string): string {
  const kind = workflowId.startsWith('tandem/plan/') ? 'plan' : 'run';
  return `tandem/${kind}/${createHash('sha256').update(workflowId).digest('hex').slice(0, 12)}`;
}
