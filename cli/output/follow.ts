/**
 * Follows a workflow to its result, printing its "current details" (the same
 * line the Temporal UI shows) whenever they change.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { workflowMetadataQuery } from '@temporalio/workflow';

const POLL_MS = 500;

export async function followWorkflow<T>(handle: WorkflowHandle, stream: NodeJS.WritableStream = process.stdout): Promise<T> {
  let last = '';
  let done = false;
  const poll = (async () => {
    while (!done) {
      const details = await currentDetails(handle);
      if (details && details !== last) {
        stream.write(`  · ${details.replace(/\*\*/g, '').split('\n')[0]}\n`);
        last = details;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  try {
    return (await handle.result()) as T;
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
