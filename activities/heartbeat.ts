/**
 * Heartbeats while a long call runs, so that a killed worker is noticed
 * within the heartbeat timeout and the activity is retried elsewhere.
 */
import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 1000;

export async function whileHeartbeating<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(new AbortController().signal);
  // Local activities cannot heartbeat: the workflow task that runs them is what the server watches.
  if (context.info.isLocal) return work(context.cancellationSignal);
  // No heartbeat at the start: the server counts the heartbeat timeout from the start anyway, and an
  // immediate one costs every short activity an extra RPC and history write before it can complete.
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work(context.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity, e.g. from a unit test or the CLI's preflight
  }
}
