import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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

// The bench's floor for a local activity: a no-op that fails fast rather than retrying.
const { echo: localEcho } = proxyLocalActivities<typeof echoActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

export interface LocalEchoWorkflowInput {
  /** How many no-op local activities to run, one after another. */
  count: number;
}

/** Runs `count` no-op local activities in a row; the benchmark's bare local-activity cost. */
export async function localEchoWorkflow(input: LocalEchoWorkflowInput): Promise<number> {
  for (let index = 0; index < input.count; index++) await localEcho({ message: 'ping' });
  return input.count;
}
