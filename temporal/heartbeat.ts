/**
 * Heartbeats while a long call runs, so that a killed worker is noticed
 * within the heartbeat timeout and the activity is retried elsewhere. The work
 * may also report progress (a streamed answer's tokens): that heartbeats at
 * once with the progress as details, and later beats repeat the latest.
 */
import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 1000;
const FIRST_HEARTBEAT_AFTER_MS = 200;

/** Reports progress; heartbeats with it as details inside an activity, does nothing outside one. */
export type ReportProgress = (details: unknown) => void;

export async function whileHeartbeating<T>(work: (signal: AbortSignal, progress: ReportProgress) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(new AbortController().signal, () => undefined);
  // Local activities cannot heartbeat: the workflow task that runs them is what the server watches.
  if (context.info.isLocal) return work(context.cancellationSignal, () => undefined);
  let latest: unknown;
  const progress: ReportProgress = (details) => {
    latest = details;
    // The SDK throttles what it sends to the server, so a beat per token is cheap.
    context.heartbeat(details);
  };
  // Soon, not after a full interval: the work before this call (git diffs, the prompt) has already
  // used part of the heartbeat timeout. Not at once either: a call done within that moment (a quick
  // check, a local model) then sends no heartbeat, which the server would handle before the completion.
  let timer = setTimeout(function beat() {
    context.heartbeat(latest);
    timer = setTimeout(beat, HEARTBEAT_EVERY_MS);
  }, FIRST_HEARTBEAT_AFTER_MS);
  try {
    return await work(context.cancellationSignal, progress);
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
