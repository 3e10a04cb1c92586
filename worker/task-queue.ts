import { taskQueueSetting } from '../settings/environment.js';

/** The task queue Tandem's workers poll unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'tandem';

/** `--task-queue` wins, then TANDEM_TASK_QUEUE, then `tandem`. Workers and clients must agree on it. */
export function resolveTaskQueue(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag?.trim() || taskQueueSetting(env) || DEFAULT_TASK_QUEUE;
}
