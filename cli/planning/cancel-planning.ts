/**
 * `tandem plan --cancel design.md` (and `tandem cancel --design design.md`):
 * stops the planning of a design. Planning changes no file until it writes
 * the plan at its very end, so a cancel has nothing to roll back: the
 * workflow ends at its next workflow task, which a workflows-only worker here
 * runs (no model call, no file written), so no other worker is needed.
 */
import { dirname, resolve } from 'node:path';
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { TandemError } from '../../errors/tandem-error.js';
import { createControlWorker } from '../../worker/control-worker.js';
import { forgetStickyWorker, openSession, type Session, type SessionFlags } from '../session.js';
import { gitRoot, planWorkflowId, relativeInside } from '../workspace.js';

/** Where a design's planning workflow lives. */
export async function locatePlanning(designArg: string): Promise<{ repo: string; designRelPath: string; workflowId: string }> {
  const designPath = resolve(designArg);
  const repo = (await gitRoot(designPath)) ?? dirname(designPath);
  const designRelPath = relativeInside(repo, designPath, 'design document');
  return { repo, designRelPath, workflowId: planWorkflowId(repo, designRelPath) };
}

/** Cancels the open planning of `designArg` and waits for it to end; returns what to tell the user. */
export async function cancelPlanning(designArg: string, flags: SessionFlags): Promise<string> {
  const { designRelPath, workflowId } = await locatePlanning(designArg);
  const session = await openSession(flags);
  try {
    const handle = session.temporal.client.workflow.getHandle(workflowId);
    const description = await handle.describe().catch(() => undefined);
    if (description === undefined) {
      throw new TandemError(`${designRelPath} has never been planned on this Temporal server (${workflowId}).`, {
        code: 'PLANNING_NOT_FOUND',
        hint: `Check the design path; \`tandem plan ${designRelPath}\` starts its planning.`,
      });
    }
    if (description.status.name !== 'RUNNING') {
      throw new TandemError(`The planning of ${designRelPath} is already ${description.status.name.toLowerCase()}; there is nothing to cancel.`, {
        code: 'RUN_CLOSED',
        hint: `\`tandem plan ${designRelPath}\` starts a new planning (add --force to replace a plan it wrote).`,
      });
    }
    const ended = await cancelAndWaitPlanning({ session, workflowId, taskQueue: description.taskQueue });
    return `Planning of ${designRelPath} ${ended === 'cancelled' ? 'cancelled' : 'finished before the cancel reached it (the plan was written)'} (${workflowId}).`;
  } finally {
    await session.close();
  }
}

/** Cancels an open planning workflow and resolves once it has ended, running its workflow tasks here. */
export async function cancelAndWaitPlanning(input: { session: Session; workflowId: string; taskQueue: string }): Promise<'cancelled' | 'finished'> {
  const handle = input.session.temporal.client.workflow.getHandle(input.workflowId);
  await handle.cancel();
  // A worker that died (Ctrl-C) may still hold the workflow's sticky queue: hand its next task to ours.
  await forgetStickyWorker(input.session, input.workflowId);
  const worker = await createControlWorker({ connection: input.session.temporal.connection, namespace: input.session.temporal.namespace, taskQueue: input.taskQueue });
  return worker.runUntil(() =>
    handle.result().then(
      () => 'finished' as const,
      (error: unknown) => {
        if (error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure) return 'cancelled' as const;
        throw error;
      },
    ),
  );
}
