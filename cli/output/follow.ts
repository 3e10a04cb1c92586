/**
 * Follows a workflow to its result, printing its "current details" (the same
 * line the Temporal UI shows) whenever they change, and, while Temporal
 * retries one of its activities (a model call whose provider is down), what
 * it waits for: the line `tandem run` shows for a task.
 */
import { isGrpcServiceError, ServiceError, type WorkflowHandle } from '@temporalio/client';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { formatPendingRetry, type PendingRetry } from '../run/provider-waiting.js';

const POLL_MS = 500;

export interface FollowOptions {
  stream?: NodeJS.WritableStream;
  /** The retry the workflow waits on, if any (cli/run/provider-waiting.ts `readPendingRetry`); shown once per try. */
  pendingRetry?: () => Promise<PendingRetry | undefined>;
}

export async function followWorkflow<T>(handle: WorkflowHandle, options: FollowOptions = {}): Promise<T> {
  const stream = options.stream ?? process.stdout;
  let last = '';
  let lastRetry = '';
  let done = false;
  const poll = (async () => {
    while (!done) {
      const details = await currentDetails(handle);
      if (details && details !== last) {
        stream.write(`  · ${details.replace(/\*\*/g, '').split('\n')[0]}\n`);
        last = details;
      }
      const retry = options.pendingRetry ? await options.pendingRetry() : undefined;
      // The countdown alone is no news: a pipe gets one line per try, as from `tandem run`.
      const retryKey = retry ? formatPendingRetry({ ...retry, nextAttemptAt: undefined }) : '';
      if (retry && retryKey !== lastRetry) stream.write(`  · ${formatPendingRetry(retry)}\n`);
      lastRetry = retryKey;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  try {
    return await waitForResult<T>(handle);
  } finally {
    done = true;
    await poll;
  }
}

export async function currentDetails(handle: WorkflowHandle): Promise<string | undefined> {
  try {
    const metadata = await handle.query(workflowMetadataQuery);
    return metadata.currentDetails ?? undefined;
  } catch {
    return undefined; // not yet picked up by a worker, or already closed
  }
}

/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the server is restarting or briefly out of reach. */
const TRANSIENT_CODES = new Set([4, 14]);
/**
 * CANCELLED, UNKNOWN, ABORTED and INTERNAL: what a long poll can end with at the moment the
 * server shuts down or comes back (a stream reset, a cancelled context). Seen once in CI as
 * "Failed to get Workflow execution history" during a restart. Ambiguous, so only a few.
 */
const RESTART_EDGE_CODES = new Set([1, 2, 10, 13]);
const MAX_RESTART_EDGE_ERRORS = 5;
const OUTAGE_RETRY_MS = 1000;

/**
 * The workflow's result, waiting out server restarts: the run lives on in the
 * server's database, so losing the connection for a while is no reason to quit.
 */
export async function waitForResult<T>(handle: WorkflowHandle): Promise<T> {
  let edgeErrors = 0;
  for (;;) {
    try {
      return (await handle.result()) as T;
    } catch (error) {
      const cause = error instanceof ServiceError ? error.cause : error;
      const code = isGrpcServiceError(cause) ? cause.code : undefined;
      const outage = code !== undefined && (TRANSIENT_CODES.has(code) || (RESTART_EDGE_CODES.has(code) && ++edgeErrors <= MAX_RESTART_EDGE_ERRORS));
      if (!outage) throw error;
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_RETRY_MS));
    }
  }
}
