/**
 * `tandem resume` says a worker is attached only when one can do the run's
 * work: a worker polling the run's task queue for activities. The helper
 * worker a control command brings (workflows only) never counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityWorkers } from '../../cli/run/attached-workers.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { createControlWorker } from '../../worker/control-worker.js';
import { connectTestTemporal, uniqueTaskQueue, withTestWorker } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';

/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW */
const WORKFLOW_QUEUE = 1;

describe('attached workers', () => {
  let temporal: TemporalConnection;

  beforeAll(async () => {
    temporal = await connectTestTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('names a worker that polls the run’s queue for activities', async () => {
    const taskQueue = uniqueTaskQueue('attached');
    await withTestWorker({ temporal, taskQueue, activities: { noop: async () => undefined } }, async () => {
      await waitFor(async () => (await activityWorkers(temporal.client, taskQueue)).length > 0, 'the worker to poll for activities');
      expect(await activityWorkers(temporal.client, taskQueue)).toEqual([expect.stringMatching(new RegExp(`^${process.pid}@`))]);
    });
  });

  it('does not count a workflows-only worker, like the one a control command runs', async () => {
    const taskQueue = uniqueTaskQueue('helper');
    const worker = await createControlWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue });
    await worker.runUntil(async () => {
      // Once it polls for workflow tasks, it has had every chance to show up.
      await waitFor(async () => {
        const response = await temporal.client.workflowService.describeTaskQueue({ namespace: temporal.namespace, taskQueue: { name: taskQueue }, taskQueueType: WORKFLOW_QUEUE });
        return (response.pollers ?? []).length > 0;
      }, 'the helper worker to poll for workflow tasks');
      expect(await activityWorkers(temporal.client, taskQueue)).toEqual([]);
    });
  });

  it('forgets a worker whose last poll is long past', async () => {
    const taskQueue = uniqueTaskQueue('gone');
    await withTestWorker({ temporal, taskQueue, activities: { noop: async () => undefined } }, async () => {
      await waitFor(async () => (await activityWorkers(temporal.client, taskQueue)).length > 0, 'the worker to poll for activities');
    });
    // The server still lists the stopped worker for minutes; two minutes on, it no longer counts.
    expect(await activityWorkers(temporal.client, taskQueue, Date.now() + 120_000)).toEqual([]);
  });
});
