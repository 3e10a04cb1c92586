/**
 * The worker a control command runs while it works (`tandem status`, `approve`,
 * `budget`, `plan --update`, cancelling a planning): queries and updates need a
 * worker to answer them, and the run's own may be gone. It runs workflows only:
 * it may answer and advance the run's orchestration, but never runs an activity,
 * local ones included (control-worker-guard.ts), and caches nothing, so the run
 * never waits for it once the command has ended.
 */
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createTandemWorker } from './create-worker.js';

export function createControlWorker(options: { connection: NativeConnection; namespace: string; taskQueue: string }): Promise<Worker> {
  return createTandemWorker({ ...options, control: true });
}
