/**
 * The workflow interceptor of a control command's worker (`tandem status`,
 * `approve`, `plan --update`, ...: see control-worker.ts), bundled into its
 * own copy of the workflow code (bundle-workflows.ts).
 *
 * Such a worker polls the run's queue so that queries and updates are answered
 * when no other worker is, and so it may also take one of the run's workflow
 * tasks. It registers no activity, and a local activity runs in the worker that
 * asks for it. Asked for here, it would fail as "not registered": the workflow
 * would take that for the step's real failure, roll back or clean up around it,
 * and record it, and no later worker could replay that history (a `tandem
 * status` at the wrong moment broke a run this way). So a workflow task that
 * schedules a local activity fails here instead, before anything of it is
 * recorded, and Temporal hands it to the run's own worker.
 *
 * Runs inside the workflow sandbox: deterministic, no Node APIs.
 */
import { workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';

/** The workflow task failure a control worker gives up a task with; shown in the Temporal UI. */
export const CONTROL_WORKER_REFUSAL =
  "a Tandem control command's worker (status, approve, plan --update) cannot run the run's local activities; the run's own worker takes this step";

export const interceptors = (): WorkflowInterceptors => {
  let refused = false;
  return {
    outbound: [
      {
        scheduleLocalActivity(input, next) {
          // On replay (a query answered from history) the local activity is already recorded: nothing runs here.
          if (workflowInfo().unsafe.isReplaying) return next(input);
          // Neither run nor failed, so no catch in the workflow sees it: the whole activation is failed below.
          refused = true;
          return new Promise<never>(() => undefined);
        },
      },
    ],
    internals: [
      {
        concludeActivation(input, next) {
          if (refused) throw new Error(CONTROL_WORKER_REFUSAL);
          return next(input);
        },
      },
    ],
  };
};
