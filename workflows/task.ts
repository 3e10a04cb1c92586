/**
 * One task, one reviewed commit: implement → test → cross-review → commit,
 * or retry with the feedback, or roll back when attempts run out.
 */
import { CancellationScope, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as checkActivities from '../activities/checks.js';
import type * as reviewActivities from '../activities/review.js';
import type * as outcomeActivities from '../activities/task-outcome.js';
import { agentReviewOptions, commandOptions, modelCallOptions } from './activity-profiles.js';
import { holderLostFailure, holderQueue, isHolderLost, onHolder, quickActivities } from './workspace-routing.js';
import { agentReviewLimits, isAgentReview } from './review-agent.js';
import { implement, type ImplementResult } from './implement.js';
import { reviewersApprove } from './review-policy.js';
import { checkSettings, type TaskOutcome, type TaskWorkflowInput } from '../contracts/run.js';

export type { TaskWorkflowInput } from '../contracts/run.js';
import { TaskBudget } from './task-budget.js';
import { TaskProgressTracker } from './task-progress.js';
import { ProviderWait } from './provider-wait.js';
import { TaskApprovalGate } from './task-approval.js';
import { workerRetryMs } from './worker-endpoint.js';
import { rootMessage } from './failure-message.js';

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskOutcome> {
  const { task, settings } = input;
  const progress = new TaskProgressTracker(task.id, workflowInfo().startTime.getTime());
  const budget = new TaskBudget(task.id, settings.taskBudget, settings.runBudget, input.runSpendAtStart, progress);
  const provider = new ProviderWait(task.id, progress, workerRetryMs(settings.heartbeatTimeoutSeconds));
  const gate = new TaskApprovalGate(task.id, settings.approve?.includes('each') === true, progress);
  const holder = holderQueue(input);
  const checks = proxyActivities<typeof checkActivities>(onHolder(commandOptions(settings, settings.testTimeoutSeconds), holder, settings));
  const reviews = proxyActivities<typeof reviewActivities>(onHolder(modelCallOptions(settings), holder, settings));
  const agentReviews = proxyActivities<typeof reviewActivities>(onHolder(agentReviewOptions(settings), holder, settings));
  const outcome = quickActivities<typeof outcomeActivities>(holder, settings);
  const where = { location: input.location, taskId: task.id };
  const taskStartedAt = workflowInfo().startTime.getTime();

  let previousFailure: string | undefined;
  let reason = '';
  // A task sent back by integration (`--parallel`) numbers its attempts on from the earlier ones.
  const priorAttempts = input.priorAttempts ?? 0;
  let attempt = priorAttempts;
  let changedEarlier = false;
  try {
    while (attempt - priorAttempts < settings.maxAttempts + gate.rejections) {
      attempt++;
      await budget.beforeAttempt();
      progress.beginAttempt(attempt);
      const implemented: ImplementResult = await implement(input, progress, {
        attempt,
        beforeModelCall: () => budget.beforeModelCall(),
        remainingBudget: () => budget.remaining(),
        provider,
        changedEarlier,
      });
      changedEarlier ||= implemented.changedFiles;

      progress.show('test');
      const tested = implemented.finished
        ? await checks.runChecks.executeWithOptions({ summary: `${progress.label()} · test` }, [
            { ...where, attempt, verify: task.verify, settings: checkSettings(settings) },
          ])
        : undefined;

      progress.show('review');
      // Reviews spend budget too: wait while the run's budget is out; skip them when the task's is.
      const overBudget = tested?.passed ? await budget.beforeModelCall() : undefined;
      const verdicts = tested?.passed && !overBudget
        ? await Promise.all(
            settings.reviewers.map((reviewer, reviewerIndex) => {
              const agent = isAgentReview(reviewer);
              return provider.call(() =>
                (agent ? agentReviews : reviews).reviewChanges.executeWithOptions({ summary: `${progress.label()} · review by ${reviewer.spec}` }, [
                  {
                    ...where,
                    attempt,
                    reviewerIndex,
                    reviewer,
                    baseSha: input.baseSha,
                    task,
                    ...(settings.endpoints ? { endpoint: settings.endpoints.reviewers[reviewerIndex] } : {}),
                    ...(reviewer.agent ? { sandbox: settings.sandbox } : {}),
                    ...(agent ? { agentLimits: agentReviewLimits(settings, budget.remaining()) } : {}),
                  },
                ]),
              );
            }),
          )
        : [];
      for (const verdict of verdicts) progress.add(verdict.spend);

      const accepted = tested?.passed === true && reviewersApprove(verdicts, settings.reviewPolicy);
      // With --approve each, a person has the last word: a rejection is feedback for one more attempt.
      const rejection = accepted ? await gate.rejection(attempt) : undefined;
      if (accepted && rejection === undefined) {
        progress.show('commit');
        const commit = await outcome.commitTask.executeWithOptions({ summary: `${progress.label()} · commit` }, [
          { ...where, attempt, baseSha: input.baseSha, task, implementedBy: settings.implementer.spec, reviewedBy: settings.reviewers.map((r) => r.spec), taskStartedAt, ...(gate.enabled ? { approvedByPerson: true } : {}) },
        ]);
        progress.finish('committed');
        return { taskId: task.id, status: 'committed', sha: commit.sha, attempts: attempt - priorAttempts, spend: progress.spend };
      }

      const failure = await outcome.concludeAttempt.executeWithOptions({ summary: `${progress.label()} · feedback` }, [
        {
          ...where,
          attempt,
          implementSummary: implemented.finished ? (overBudget ? `review skipped: ${overBudget}` : undefined) : implemented.summary,
          hasChecks: tested !== undefined,
          reviewerCount: verdicts.length,
          ...(rejection !== undefined ? { rejection } : {}),
        },
      ]);
      reason = failure.reason;
      if (failure.signature === previousFailure && rejection === undefined) {
        reason = `stuck: the same failure twice in a row (${failure.reason})`;
        break;
      }
      previousFailure = failure.signature;
    }
  } catch (error) {
    // The machine holding the worktree is gone: nothing here to roll back; the lane starts the task again elsewhere.
    if (holder !== undefined && isHolderLost(error)) throw holderLostFailure(holder, settings);
    // A permanent failure (an unknown model, a bad request) ends the task; the run decides what follows.
    reason = isCancellation(error) ? 'cancelled' : `error: ${rootMessage(error)}`;
  }

  // Rolling back must happen even when the task was cancelled (skip or cancel of the run).
  const status = reason === 'cancelled' ? 'cancelled' : 'failed';
  progress.show('roll back');
  const rolledBack = await CancellationScope.nonCancellable(() =>
    outcome.rollbackTask.executeWithOptions({ summary: `${task.id} · roll back to ${input.baseSha.slice(0, 8)}` }, [
      { ...where, baseSha: input.baseSha, status, attempts: attempt, reason, taskStartedAt },
    ]),
  ).catch((error: unknown) => {
    // The holder died during the rollback: its worktree went with it, so there is nothing left to roll back,
    // and the task still ends as it did (failed, cancelled), not as a restart.
    if (holder !== undefined && isHolderLost(error)) return { sha: undefined };
    throw error;
  });
  progress.finish(status === 'cancelled' ? 'pending' : 'failed');
  return { taskId: task.id, status, ...(rolledBack.sha !== undefined ? { sha: rolledBack.sha } : {}), attempts: attempt - priorAttempts, reason, spend: progress.spend };
}

