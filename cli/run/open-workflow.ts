/**
 * The open (running) workflow behind a workflow id, with the input it was
 * started with. The input is read from the execution's first history event,
 * so it needs no worker and works for any version of the workflow code; it is
 * decoded with the client's converter, so an encrypted history needs the key
 * like every other payload.
 */
import type { Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/index.js';

export interface OpenWorkflow<Input> {
  workflowId: string;
  /** The queue the open workflow's worker must poll. */
  taskQueue: string;
  /** What the current execution was started with (after a continue-as-new, that execution's input). */
  input: Input;
}

/** The running workflow with this id, or undefined when none runs. */
export async function findOpenWorkflow<Input>(client: Client, workflowId: string): Promise<OpenWorkflow<Input> | undefined> {
  const description = await client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  if (description?.status.name !== 'RUNNING') return undefined;
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId: description.runId },
    maximumPageSize: 1,
  });
  const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  const [input] = await decodeArrayFromPayloads(client.options.loadedDataConverter, started?.input?.payloads);
  return { workflowId, taskQueue: description.taskQueue, input: input as Input };
}
