/**
 * A control command's worker (`tandem status`, `approve`, `plan --update`)
 * polls the run's queue so that queries and updates are answered, and may so
 * take one of the run's workflow tasks. A task that asks for a local activity
 * must never run on it: the activity is not there, and the workflow would take
 * "not registered" for the step's failure and record it (a run broken by a
 * `tandem status` at the wrong moment, with a nondeterminism error on replay).
 * The control worker gives such a task up, nothing of it is recorded, and the
 * run's own worker does the step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemporalConnection } from '../../temporal/connection.js';
import { createControlWorker } from '../../worker/control-worker.js';
import { CONTROL_WORKER_REFUSAL } from '../../worker/control-worker-guard.js';
import { echoWorkflow, localEchoWorkflow } from '../../workflows/index.js';
import { connectTestTemporal, uniqueTaskQueue, withTestWorker } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';

describe('a control command’s worker', () => {
  let temporal: TemporalConnection;
  beforeAll(async () => {
    temporal = await connectTestTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('gives up a workflow task that asks for a local activity, and the run’s own worker then does it', async () => {
    const taskQueue = uniqueTaskQueue('control-local');
    const handle = await temporal.client.workflow.start(localEchoWorkflow, { taskQueue, workflowId: `control-local-${taskQueue}`, args: [{ count: 2 }] });
    const control = await createControlWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue });
    await control.runUntil(() =>
      waitFor(async () => (await handle.fetchHistory()).events?.some((event) => event.workflowTaskFailedEventAttributes?.failure?.message === CONTROL_WORKER_REFUSAL) === true, 'the control worker to give the task up'),
    );
    // Without the guard the local activity fails as "not registered", once (maximumAttempts 1), and the workflow with it.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((event) => event.markerRecordedEventAttributes)).toEqual([]);
    expect(events.filter((event) => event.workflowTaskCompletedEventAttributes)).toEqual([]);

    const result = await withTestWorker({ temporal, taskQueue }, () => handle.result());
    expect(result).toBe(2);
  });

  it('still advances a workflow whose next step is a regular activity, which the run’s worker then runs', async () => {
    const taskQueue = uniqueTaskQueue('control-regular');
    const handle = await temporal.client.workflow.start(echoWorkflow, { taskQueue, workflowId: `control-regular-${taskQueue}`, args: [{ message: 'hello' }] });
    const control = await createControlWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue });
    await control.runUntil(() =>
      waitFor(async () => (await handle.fetchHistory()).events?.some((event) => event.activityTaskScheduledEventAttributes) === true, 'the control worker to schedule the activity'),
    );
    // It scheduled the activity and ran none: it has none.
    expect((await handle.fetchHistory()).events?.some((event) => event.activityTaskStartedEventAttributes)).toBe(false);
    expect(await withTestWorker({ temporal, taskQueue }, () => handle.result())).toBe('hello');
  });
});
