import { proxyActivities } from '@temporalio/workflow';
import type * as echoActivities from '../activities/echo.js';

// A health check should answer quickly or fail visibly, not retry for hours.
const { echo } = proxyActivities<typeof echoActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface EchoWorkflowInput {
  message: string;
}

/** Round-trips `message` through the `echo` activity: proves a worker serves both workflows and activities. */
export async function echoWorkflow(input: EchoWorkflowInput): Promise<string> {
  return echo({ message: input.message });
}
