import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemporalConnection } from '../../temporal/connection.js';
import { echoWorkflow } from '../../workflows/index.js';
import { connectTestTemporal, uniqueTaskQueue, withTestWorker } from '../support/temporal.js';

describe('Tandem worker on the real dev server', () => {
  let temporal: TemporalConnection;
  beforeAll(async () => {
    temporal = await connectTestTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('runs echoWorkflow to completion through the echo activity', async () => {
    const taskQueue = uniqueTaskQueue('echo');
    const result = await withTestWorker({ temporal, taskQueue }, () =>
      temporal.client.workflow.execute(echoWorkflow, {
        taskQueue,
        workflowId: `echo-${taskQueue}`,
        args: [{ message: 'hello tandem' }],
      }),
    );
    expect(result).toBe('hello tandem');
  });
});
