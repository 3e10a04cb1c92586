/**
 * Heartbeats while a long call runs, so that a killed worker is noticed
 * within the heartbeat timeout and the activity is retried elsewhere.
 */
import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 1000;
const FIRST_HEARTBEAT_AFTER_MS = 200;

export async function whileHeartbeating<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(new AbortController().signal);
  // Local activities cannot heartbeat: the workflow task that runs them is what the server watches.
  if (context.info.isLocal) return work(context.cancellationSignal);
  // Soon, not after a full interval: the work before this call (git diffs, the prompt) has already
  // used part of the heartbeat timeout. Not at once either: a call done within that moment (a quick
  // check, a local model) then sends no heartbeat, which the server would handle before the completion.
  let timer = setTimeout(function beat() {
    context.heartbeat();
    timer = setTimeout(beat, HEARTBEAT_EVERY_MS);
  }, FIRST_HEARTBEAT_AFTER_MS);
  try {
    return await work(context.cancellationSignal);
  } finally {
    clearTimeout(timer);
  }
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity, e.g. from a unit test or the CLI's preflight
  }
}
