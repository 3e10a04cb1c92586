import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { connectTemporal, type TemporalConnection } from '../../temporal/connection.js';
import { createTandemWorker } from '../../worker/create-worker.js';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';

// Worker state changes at INFO drown test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process (another support module or test did it first).
}

/** Address of the run's shared dev server, e.g. `127.0.0.1:41234`. */
export function testTemporalAddress(): string {
  return inject('temporalAddress');
}

/** A Client + NativeConnection to the shared server (namespace `default`). Close it in afterAll. */
export function connectTestTemporal(): Promise<TemporalConnection> {
  return connectTemporal({ env: { TEMPORAL_ADDRESS: testTemporalAddress(), TEMPORAL_NAMESPACE: 'default' } });
}

/** A task queue no other test uses, so workers never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export interface TestWorkerOptions {
  temporal: TemporalConnection;
  taskQueue: string;
  /** Defaults to all of Tandem's activities (`createActivities()`). */
  activities?: object;
}

/** A real Tandem worker (prebuilt workflow bundle) on the shared server. */
export function createTestWorker(options: TestWorkerOptions): Promise<Worker> {
  return createTandemWorker({
    connection: options.temporal.connection,
    namespace: options.temporal.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities ?? createActivities(),
    workflowBundlePath: inject('workflowBundlePath'),
  });
}

/** Runs `fn` while a test worker polls `taskQueue`, then shuts the worker down cleanly. */
export async function withTestWorker<T>(options: TestWorkerOptions, fn: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = await createTestWorker(options);
  return worker.runUntil(() => fn(worker));
}
