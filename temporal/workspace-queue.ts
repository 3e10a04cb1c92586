/**
 * Worker-specific task queues (temporalio/samples-typescript,
 * `worker-specific-task-queues/`): a task's worktree lives on one machine,
 * so everything that touches it must run there. Each process serving a run
 * also polls that run's *workspace queue* for its machine, and the activity
 * that makes a worktree returns that queue; the task's activities then go
 * there. The name depends on the machine and its TANDEM_HOME, not the
 * process, so a `tandem run` killed and started again on the same machine
 * picks up the work its previous process left.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { tandemHome } from './state-dir.js';

/** The queues whose workspace queue some worker in this process polls (set by serving-worker.ts). */
const served = new Set<string>();

/** This machine and state directory, in 10 hex characters: the same in every process started here with the same TANDEM_HOME. */
export function workspaceHolderKey(env: NodeJS.ProcessEnv = process.env, host: string = hostname()): string {
  return createHash('sha256').update(`${host}\0${tandemHome(env)}`).digest('hex').slice(0, 10);
}

/** The workspace queue of `taskQueue` on this machine: `<taskQueue>/workspace/<holder key>`. */
export function workspaceQueueOf(taskQueue: string, key: string = workspaceHolderKey()): string {
  return `${taskQueue}/workspace/${key}`;
}

/** A worker in this process now polls the workspace queue of `taskQueue` (until `unmarkServed`). */
export function markServed(taskQueue: string): void {
  served.add(taskQueue);
}

export function unmarkServed(taskQueue: string): void {
  served.delete(taskQueue);
}

/**
 * The workspace queue to hand out for work made here, for an activity running
 * on `taskQueue`; undefined when no worker in this process polls it (a bare
 * test worker, an old `tandem worker`): the task's activities then stay on the
 * run's queue, as before workspace queues existed.
 */
export function servedWorkspaceQueue(taskQueue: string): string | undefined {
  return served.has(taskQueue) ? workspaceQueueOf(taskQueue) : undefined;
}
