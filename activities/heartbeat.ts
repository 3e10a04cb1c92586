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
  // At once, not only after the first interval: the work before this call (git diffs, the prompt)
  // has already used part of the heartbeat timeout, and on a loaded machine that part can be most of it.
  context.heartbeat();
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
