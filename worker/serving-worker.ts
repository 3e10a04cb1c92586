/**
 * The workers a process runs to serve one task queue: the usual one (the
 * run's workflows and its activities) and one on the queue's workspace queue
 * for this machine (worker/workspace-queue.ts), which takes the activities of
 * the tasks whose worktrees live here. Used like one Worker.
 */
import type { State, Worker } from '@temporalio/worker';
import { createTandemWorker, type CreateTandemWorkerOptions } from './create-worker.js';
import { markServed, unmarkServed, workspaceQueueOf } from '../temporal/workspace-queue.js';

/** What QueuePool and the CLI need of a worker. */
export interface ServedWorker {
  run(): Promise<void>;
  runUntil<T>(work: () => Promise<T>): Promise<T>;
  shutdown(): void;
  getState(): State;
}

export async function createServingWorker(options: CreateTandemWorkerOptions): Promise<ServedWorker> {
  const main = await createTandemWorker(options);
  const workspace = await createTandemWorker({ ...options, taskQueue: workspaceQueueOf(options.taskQueue), activitiesOnly: true }).catch(async (error: unknown) => {
    await main.runUntil(Promise.resolve()).catch(() => undefined);
    throw error;
  });
  return new WorkerPair(options.taskQueue, main, workspace);
}

class WorkerPair implements ServedWorker {
  constructor(
    private readonly taskQueue: string,
    private readonly main: Worker,
    private readonly workspace: Worker,
  ) {}

  async run(): Promise<void> {
    markServed(this.taskQueue);
    // One stopping (a fatal error, a signal) stops the other: half a worker would take work it cannot finish.
    const stop = (worker: Worker) => () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    };
    try {
      // Both drain before this returns: one failing must not cut the other's in-flight completions short.
      const settled = await Promise.allSettled([this.main.run().finally(stop(this.workspace)), this.workspace.run().finally(stop(this.main))]);
      const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      unmarkServed(this.taskQueue);
    }
  }

  async runUntil<T>(work: () => Promise<T>): Promise<T> {
    markServed(this.taskQueue);
    // Not nested runUntil calls: on SIGINT the SDK stops both workers at once, and an outer runUntil whose
    // worker drained first would throw its own timeout instead of the work's Interrupted.
    let failure: unknown;
    const workspaceRun = this.workspace.run().catch((error: unknown) => {
      failure = error;
      if (this.main.getState() === 'RUNNING') this.main.shutdown();
    });
    try {
      const result = await this.main.runUntil(work);
      if (failure !== undefined) throw failure;
      return result;
    } finally {
      if (this.workspace.getState() === 'RUNNING') this.workspace.shutdown();
      await workspaceRun;
      unmarkServed(this.taskQueue);
    }
  }

  shutdown(): void {
    for (const worker of [this.workspace, this.main]) if (worker.getState() === 'RUNNING') worker.shutdown();
  }

  getState(): State {
    return this.main.getState();
  }
}
