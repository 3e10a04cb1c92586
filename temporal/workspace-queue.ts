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
import { createHash, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { tandemHome } from './state-dir.js';

/** The queues whose workspace queue some worker in this process polls, with how many (set by serving-worker.ts). */
const served = new Map<string, number>();

/**
 * This machine and state directory, in 10 hex characters: the same in every process started here
 * with the same TANDEM_HOME. A random id kept in `$TANDEM_HOME/machine-id` tells apart machines
 * that share a host name and a home path (cloned VMs, containers on the host's network).
 */
export function workspaceHolderKey(env: NodeJS.ProcessEnv = process.env, host: string = hostname()): string {
  const home = tandemHome(env);
  return holderKeyOf(host, home, machineId(home));
}

/** The key of a host name, a home path and the machine id kept there. */
export function holderKeyOf(host: string, home: string, id: string): string {
  return createHash('sha256').update(`${host}\0${home}\0${id}`).digest('hex').slice(0, 10);
}

const machineIds = new Map<string, string>();

function machineId(home: string): string {
  const known = machineIds.get(home);
  if (known !== undefined) return known;
  const file = join(home, 'machine-id');
  try {
    mkdirSync(home, { recursive: true });
    // Written whole, then linked into place: of two processes starting at once, one wins and both read its id.
    const draft = `${file}.${process.pid}.${randomUUID()}`;
    writeFileSync(draft, `${randomUUID()}\n`);
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
    const id = readFileSync(file, 'utf8').trim();
    machineIds.set(home, id);
    return id;
  } catch {
    // A read-only home: the host name and the path alone.
    return '';
  }
}

/** The workspace queue of `taskQueue` on this machine: `<taskQueue>/workspace/<holder key>`. */
export function workspaceQueueOf(taskQueue: string, key: string = workspaceHolderKey()): string {
  return `${taskQueue}/workspace/${key}`;
}

/** A worker in this process now polls the workspace queue of `taskQueue` (until `unmarkServed`). */
export function markServed(taskQueue: string): void {
  served.set(taskQueue, (served.get(taskQueue) ?? 0) + 1);
}

/** Counted: a pool may serve a queue again while the worker it let go still drains. */
export function unmarkServed(taskQueue: string): void {
  const count = (served.get(taskQueue) ?? 0) - 1;
  if (count > 0) served.set(taskQueue, count);
  else served.delete(taskQueue);
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

/** The queue a workspace queue serves (`<taskQueue>/workspace/<key>` → `<taskQueue>`); any other queue is its own. */
export function runQueueOf(queue: string): string {
  return queue.replace(/\/workspace\/[0-9a-f]{10}$/, '');
}
