/**
 * Connects to a plan's run for a control command. Queries and updates need a
 * worker to answer them, so one runs here for the length of the command, with
 * workflows only: it can answer and advance the run's orchestration, but never
 * runs an activity (no model call, no file change) behind the user's back.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TandemError } from '../../errors/tandem-error.js';
import { createControlWorker } from '../../worker/control-worker.js';
import { openSession, type Session, type SessionFlags } from '../session.js';
import type { RunLocator } from './locate-run.js';
import { isPreparing, isUpdateNotInstalled, runPreparingError } from './run-preparing.js';

export interface RunSessionContext {
  session: Session;
  handle: WorkflowHandle;
  /** The task queue the run works on (where its workers poll). */
  taskQueue: string;
}

export interface RunSessionOptions {
  /** Refuse a run that has already closed (controls); status reads closed runs too. */
  requireOpen?: boolean;
  /** Queries and updates need a worker to answer; a signal does not. Default true. */
  needsWorker?: boolean;
}

export async function openRunSession<T>(
  located: RunLocator,
  flags: SessionFlags,
  work: (context: RunSessionContext) => Promise<T>,
  options: RunSessionOptions = {},
): Promise<T> {
  const session = await openSession(flags);
  try {
    const handle = session.temporal.client.workflow.getHandle(located.workflowId);
    const description = await handle.describe().catch((error: unknown) => {
      throw new TandemError(`There is no run of ${located.planRelPath} on this Temporal server (${located.workflowId}).`, {
        code: 'RUN_NOT_FOUND',
        hint: `Start one with \`tandem run ${located.planRelPath}\`.`,
        cause: error,
      });
    });
    if (options.requireOpen && description.status.name !== 'RUNNING') {
      throw new TandemError(`The run of ${located.planRelPath} is already ${description.status.name.toLowerCase()}; there is nothing to control.`, {
        code: 'RUN_CLOSED',
        hint: `Start a new run with \`tandem run ${located.planRelPath}\`: it skips the tasks already done.`,
      });
    }
    const context = { session, handle, taskQueue: description.taskQueue };
    if (options.needsWorker === false) return await work(context);
    const worker = await createControlWorker({
      connection: session.temporal.connection,
      namespace: session.temporal.namespace,
      // Queries go to the run's own task queue, whatever this command was told.
      taskQueue: description.taskQueue,
    });
    return await worker.runUntil(() => work(context));
  } finally {
    await session.close();
  }
}

/**
 * An update the run refused (its validator threw) becomes a clear usage error;
 * one sent while the run still prepares (no handler yet) becomes RUN_PREPARING.
 */
export async function refusedUpdate<T>(pending: Promise<T>, handle: WorkflowHandle): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const reason = (error.cause as Error | undefined)?.message ?? error.message;
      if (isUpdateNotInstalled(reason) && (await isPreparing(handle))) throw runPreparingError();
      throw new TandemError(`The run refused: ${reason}.`, { code: 'RUN_REFUSED', hint: 'See `tandem status` for the state of each task.' });
    }
    throw error;
  }
}
