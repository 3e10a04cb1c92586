/**
 * A model provider that stays unavailable after the activity's retries (not
 * running, unreachable, failing with 5xx, or refusing the key) pauses the run
 * durably instead of failing the task. After `tandem resume` the same call is
 * made again: the attempt goes on from the step it was at, and what the journal
 * already holds is not paid for twice. A worker refusing the call because its
 * keys or endpoints are not the run's pauses it the same way (kind `worker`),
 * and the call is tried again on a timer too, so a proper worker takes it.
 */
import { ActivityFailure, ApplicationFailure, condition, getExternalWorkflowHandle, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { budgetExhaustedSignal, resumeTaskSignal, taskUnpausedSignal } from './definitions.js';
import { endpointRefusal, WORKER_ENDPOINT_PATCH, workerRetryDelay } from './worker-endpoint.js';
import type { ProviderOutage } from '../models/provider-outage.js';
import { outageFromDetails } from '../contracts/provider-outage.js';
import type { TaskProgressTracker } from './task-progress.js';

/** Runs recorded before this change end the task on such a failure; the marker keeps their replay unchanged. */
export const PROVIDER_PAUSE_PATCH = 'provider-outage-pauses-run';

export class ProviderWait {
  private resumes = 0;
  /** The run shows a pause of kind `worker` that this task asked for. */
  private waitingForWorker = false;
  /** Refusals in a row: the wait between tries grows with them (workerRetryDelay). */
  private refusals = 0;

  constructor(
    private readonly taskId: string,
    private readonly progress: TaskProgressTracker,
    /** How long to wait before trying a call a worker refused again (worker-endpoint.ts). */
    private readonly workerRetryMs = 30_000,
  ) {
    setHandler(resumeTaskSignal, () => {
      this.resumes++;
    });
  }

  /** Makes the model call; while its provider is unavailable, waits for `tandem resume` and makes it again. */
  async call<T>(modelCall: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await modelCall();
        if (this.waitingForWorker) await this.workerFound();
        this.refusals = 0;
        return result;
      } catch (error) {
        const refusal = endpointRefusal(error);
        if (refusal !== undefined && patched(WORKER_ENDPOINT_PATCH)) {
          await this.waitForWorker(refusal);
          continue;
        }
        const outage = outageOf(error);
        if (!outage || !patched(PROVIDER_PAUSE_PATCH)) throw error;
        await this.waitForResume(outage);
      }
    }
  }

  /**
   * Shows the refusal as a pause of kind `worker` (once), then waits for the retry
   * timer or `tandem resume`. A resume unpaused the run: the next refusal pauses it again.
   */
  private async waitForWorker(refusal: string): Promise<void> {
    const seen = this.resumes;
    if (!this.waitingForWorker) {
      this.waitingForWorker = true;
      this.progress.pause(refusal);
      await this.parentRun()?.signal(budgetExhaustedSignal, { taskId: this.taskId, reason: refusal, kind: 'worker' });
    }
    this.refusals++;
    if (await condition(() => this.resumes > seen, workerRetryDelay(this.workerRetryMs, this.refusals))) {
      this.waitingForWorker = false;
      this.progress.unpause();
    }
  }

  /** A worker with the run's keys made the call: the run goes on without anyone resuming it. */
  private async workerFound(): Promise<void> {
    this.waitingForWorker = false;
    this.progress.unpause();
    await this.parentRun()?.signal(taskUnpausedSignal, { taskId: this.taskId, kind: 'worker' });
  }

  /** The run this task belongs to; none when a task workflow is started on its own (tests). */
  private parentRun() {
    const parent = workflowInfo().parent;
    return parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
  }

  private async waitForResume(outage: ProviderOutage): Promise<void> {
    const reason = `${outage.provider} is unavailable: ${outage.reason}. ${outage.hint}`;
    const seen = this.resumes;
    this.progress.pause(reason);
    const parent = workflowInfo().parent;
    if (parent) await getExternalWorkflowHandle(parent.workflowId).signal(budgetExhaustedSignal, { taskId: this.taskId, reason, kind: 'provider' });
    await condition(() => this.resumes > seen);
    this.progress.unpause();
  }
}

/** The outage an activity failure carries (models/call-in-activity.ts puts it in the details), if any. */
function outageOf(error: unknown): ProviderOutage | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || !cause.type?.startsWith('ModelCallError.')) return undefined;
  return outageFromDetails(cause.details?.[0]);
}
