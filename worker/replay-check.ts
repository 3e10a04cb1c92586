/**
 * Whether this Tandem version's workflow code can replay a workflow's history.
 * Asked when a run's workflow task keeps failing with a nondeterminism error:
 * polling cannot tell a worker that fails the task from one of the right
 * version taking it over, but replaying the history here answers it.
 */
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { tandemDataConverter } from '../temporal/data-converter.js';
import { resolveWorkflowSource } from './workflow-source.js';
import { tracingSinks, workflowTracingModule } from './tracing.js';

/**
 * `false` when the workflow code this process's worker runs (the prebuilt
 * bundle, or TANDEM_WORKFLOW_BUNDLE) cannot replay `workflowId`'s history;
 * `true` when it can; `undefined` when the check itself could not run.
 */
export async function canReplayHere(client: Client, workflowId: string): Promise<boolean | undefined> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const source = resolveWorkflowSource();
    await Worker.runReplayHistory(
      {
        dataConverter: tandemDataConverter(),
        // A traced run's workflow code calls the span sink; an unregistered sink would be logged as an error.
        sinks: tracingSinks(),
        ...(source.kind === 'bundle'
          ? { workflowBundle: { codePath: source.codePath } }
          : { workflowsPath: source.workflowsPath, interceptors: { workflowModules: [workflowTracingModule()] } }),
      },
      history,
      workflowId,
    );
    return true;
  } catch (error) {
    return (error as Error | undefined)?.name === 'DeterminismViolationError' ? false : undefined;
  }
}
