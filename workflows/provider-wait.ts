/**
 * A model provider that stays unavailable after the activity's retries (not
 * running, unreachable, failing with 5xx, or refusing the key) pauses the run
 * durably instead of failing the task. After `tandem resume` the same call is
 * made again: the attempt goes on from the step it was at, and what the journal
 * already holds is not paid for twice.
 */
import { ActivityFailure, ApplicationFailure, condition, getExternalWorkflowHandle, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { budgetExhaustedSignal, resumeTaskSignal } from './definitions.js';
import type { ProviderOutage } from '../models/provider-outage.js';
import type { TaskProgressTracker } from './task-progress.js';

/** Runs recorded before this change end the task on such a failure; the marker keeps their replay unchanged. */
export const PROVIDER_PAUSE_PATCH = 'provider-outage-pauses-run';

export class ProviderWait {
  private resumes = 0;

  constructor(
    private readonly taskId: string,
    private readonly progress: TaskProgressTracker,
  ) {
    setHandler(resumeTaskSignal, () => {
      this.resumes++;
    });
  }

  /** Makes the model call; while its provider is unavailable, waits for `tandem resume` and makes it again. */
  async call<T>(modelCall: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await modelCall();
      } catch (error) {
        const outage = outageOf(error);
        if (!outage || !patched(PROVIDER_PAUSE_PATCH)) throw error;
        await this.waitForResume(outage);
      }
    }
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
  const details = cause.details?.[0] as Partial<ProviderOutage> | undefined;
  return typeof details?.provider === 'string' && typeof details.reason === 'string' && typeof details.hint === 'string'
    ? { provider: details.provider, reason: details.reason, hint: details.hint, keyRejected: details.keyRejected === true }
    : undefined;
}
