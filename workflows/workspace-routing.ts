/**
 * Worker-specific task queues, for runs served from several machines
 * (`--remote`): a task's activities run on the worker that made its worktree
 * (input.workspaceQueue, from `openTaskWorkspace`), since the worktree and its
 * journal live on that machine. Local activities would run
 * wherever the workflow task lands, so a routed task makes them regular
 * activities on that queue. If the holder stops answering (its machine died),
 * an activity waits in its queue no longer than `workerLostSeconds`; the
 * task then ends as WorkspaceHolderLost and its lane starts it again, as a
 * new attempt on a fresh worktree, wherever a worker takes it (workflows/lanes.ts).
 */
import {
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  TimeoutFailure,
  type ActivityOptions,
  type LocalActivityInterfaceFor,
} from '@temporalio/workflow';
import type { RunSettings, TaskWorkflowInput } from '../contracts/run.js';
import { localOptions } from './activity-profiles.js';

/** Marks task histories whose activities went to the worker holding the worktree. */
export const WORKSPACE_QUEUE_PATCH = 'task-workspace-queue';
/** The failure type a task ends with when the worker holding its worktree is gone. */
export const WORKSPACE_HOLDER_LOST = 'WorkspaceHolderLost';
/** How long an activity waits for the holder to take it, by default. */
export const DEFAULT_WORKER_LOST_SECONDS = 60;

/** Where this task's activities go: the holder's queue, or undefined (the workflow's own queue, as before lanes had holders). */
export function holderQueue(input: Pick<TaskWorkflowInput, 'workspaceQueue'>): string | undefined {
  return input.workspaceQueue !== undefined && patched(WORKSPACE_QUEUE_PATCH) ? input.workspaceQueue : undefined;
}

/** `options`, sent to the holder and given up on when it does not take them in time. */
export function onHolder(options: ActivityOptions, queue: string | undefined, settings: Pick<RunSettings, 'workerLostSeconds'>): ActivityOptions {
  return queue === undefined ? options : { ...options, ...holderOptions(queue, settings) };
}

/** The options that send an activity to the holder's queue, and give up when nothing takes it there in time. */
export function holderOptions(queue: string, settings: Pick<RunSettings, 'workerLostSeconds'>): Pick<ActivityOptions, 'taskQueue' | 'scheduleToStartTimeout'> {
  return { taskQueue: queue, scheduleToStartTimeout: `${settings.workerLostSeconds ?? DEFAULT_WORKER_LOST_SECONDS} seconds` };
}

/**
 * Quick bookkeeping (a file tool, a commit): local activities where the task runs on the
 * workflow's own worker, regular activities on the holder's queue otherwise.
 */
export function quickActivities<A extends object>(queue: string | undefined, settings: Pick<RunSettings, 'workerLostSeconds'>): LocalActivityInterfaceFor<A> {
  if (queue === undefined) return proxyLocalActivities<A>(localOptions());
  const local = localOptions();
  // No heartbeat timeout: these take milliseconds and do not heartbeat (as local activities they never had to).
  return proxyActivities<A>(onHolder({ startToCloseTimeout: local.startToCloseTimeout!, ...(local.retry ? { retry: local.retry } : {}) }, queue, settings)) as unknown as LocalActivityInterfaceFor<A>;
}

/** Whether `error` says the holder never took an activity (its worker is gone), anywhere in its cause chain. */
export function isHolderLost(error: unknown): boolean {
  for (let current = error as { cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current instanceof ApplicationFailure && current.type === WORKSPACE_HOLDER_LOST) return true;
    if (current instanceof TimeoutFailure && current.timeoutType === 'SCHEDULE_TO_START') return true;
  }
  return false;
}

/** The failure a task ends with when its holder is lost: no rollback (the worktree went with the holder), the lane starts it again. */
export function holderLostFailure(queue: string, settings: Pick<RunSettings, 'workerLostSeconds'>): ApplicationFailure {
  return ApplicationFailure.create({
    type: WORKSPACE_HOLDER_LOST,
    nonRetryable: true,
    message: `the worker holding the task's worktree (${queue}) took no work for ${settings.workerLostSeconds ?? DEFAULT_WORKER_LOST_SECONDS} s`,
  });
}
