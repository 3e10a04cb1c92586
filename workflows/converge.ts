/**
 * The converge review, the run's last step: when no task is left, a reviewer
 * of another vendor reads the whole branch against the design. What it finds
 * partial or missing becomes follow-up tasks appended to the plan, and the run
 * goes on with them, for up to `convergeRounds` rounds of follow-ups, each
 * checked by another review. Skipped, with the
 * reason in the status, when tasks failed, the plan names no design, or no
 * reviewer of another vendor is configured (never a self-review).
 */
import { isCancellation, patched, proxyActivities, proxyLocalActivities, setCurrentDetails } from '@temporalio/workflow';
import type * as convergeActivities from '../activities/converge.js';
import type * as followUpActivities from '../activities/converge-follow-ups.js';
import type { ConvergeProgress } from '../contracts/converge.js';
import { addSpend, checkSettings, type RunLocation, type RunSettings } from '../contracts/run.js';
import type { ResolvedModel } from '../models/types.js';
import { commandOptions, localOptions, modelCallOptions } from './activity-profiles.js';
import { rootMessage } from './failure-message.js';
import type { RunState } from './run-state.js';

/** Runs recorded before converge ended when their last task did; the marker keeps their replay unchanged. */
export const CONVERGE_PATCH = 'run-converge';
/** Runs recorded before it reviewed even with a plan update waiting; the marker is written only when one waits. */
const CONVERGE_AFTER_UPDATE_PATCH = 'converge-after-plan-update';

export interface ConvergeContext {
  location: RunLocation;
  settings: RunSettings;
  state: RunState;
  /** The run's check that nobody else moved the branch; false pauses the run. */
  branchIsIntact(): Promise<boolean>;
  /** Called after the converge progress changed, to publish the status. */
  onProgress(): void;
  /** An accepted `tandem plan --update` waits to be applied: the task loop applies it before any review. */
  planUpdatePending(): boolean;
}

/**
 * Runs the next converge round when one is due. True when the run has tasks
 * again (follow-ups appended), or must wait first (paused, budget out): the
 * caller goes back to its task loop and asks again when that is done.
 */
export async function convergeNext(context: ConvergeContext): Promise<boolean> {
  const { location, settings, state } = context;
  // N rounds of follow-ups, each checked by the next review: N + 1 reviews at most, so the last verdict is about the branch as it ends.
  const rounds = reviewsAllowed(settings.convergeRounds);
  const progress = state.converge;
  if (rounds <= 0 || state.cancelled || (progress && progress.state !== 'following-up')) return false;
  if (!patched(CONVERGE_PATCH)) return false;

  const skip = (reason: string): false => {
    update(context, { round: progress?.round ?? 0, rounds, state: 'skipped', missing: progress?.missing ?? [], followUps: progress?.followUps ?? [], reason });
    return false;
  };
  if (state.anyFailed()) return skip('some tasks failed or were blocked; the branch is reviewed against the design once every task is done');
  if (!location.designRelPath) return skip("the plan names no design document (no `> Source:` line), so there is nothing to review the branch against");
  const reviewer = crossVendorReviewer(settings);
  if (!reviewer) return skip(`no reviewer of a vendor other than the implementer's (${settings.implementer.providerName}) is configured, and converge never lets a vendor review its own work`);
  if (state.pausedReason !== undefined || state.budgetExhausted()) return true;
  // The review reads the branch and may commit to it: only as Tandem left it.
  if (!(await context.branchIsIntact())) return true;
  // Accepted while the branch was checked: the review must read the plan with it, so it is applied first.
  if (context.planUpdatePending() && patched(CONVERGE_AFTER_UPDATE_PATCH)) return true;

  const round = (progress?.round ?? 0) + 1;
  const followUps = progress?.followUps ?? [];
  update(context, { round, rounds, state: 'reviewing', missing: progress?.missing ?? [], followUps });
  setCurrentDetails(`converge round ${round} of ${rounds}: ${reviewer.spec} reads the branch against ${location.designRelPath}`);
  try {
    if (settings.testCommand) {
      const tests = proxyActivities<typeof convergeActivities>(commandOptions(settings, settings.testTimeoutSeconds));
      await tests.convergeTests.executeWithOptions({ summary: `converge ${round} · ${settings.testCommand}` }, [
        { location, round, settings: { ...checkSettings(settings), testCommand: settings.testCommand } },
      ]);
    }
    const reviews = proxyActivities<typeof convergeActivities>(modelCallOptions(settings));
    const review = await reviews.convergeReview.executeWithOptions({ summary: `converge ${round} · review by ${reviewer.spec}` }, [{ location, round, reviewer }]);
    state.spend = addSpend(state.spend, review.spend);
    // A cancel that came during the review: record what it found, append nothing.
    if (state.cancelled) return done(context, { round, rounds, state: review.gaps.length === 0 ? 'met' : 'missing', missing: review.gaps, followUps });
    if (review.gaps.length === 0) return done(context, { round, rounds, state: 'met', missing: [], followUps });
    if (round >= rounds || review.followUps.length === 0) return done(context, { round, rounds, state: 'missing', missing: review.gaps, followUps });

    const local = proxyLocalActivities<typeof followUpActivities>(localOptions());
    const appended = await local.appendFollowUps.executeWithOptions({ summary: `converge ${round} · append ${review.followUps.join(', ')}` }, [{ location, round }]);
    state.expectedHead = appended.sha;
    state.appendTasks(appended.tasks);
    update(context, { round, rounds, state: 'following-up', missing: review.gaps, followUps: [...followUps, ...review.followUps] });
    return true;
  } catch (error) {
    // The workflow itself was cancelled (the Temporal UI): the run ends as cancelled, like a task would.
    if (isCancellation(error)) state.cancelled = true;
    return skip(isCancellation(error) ? 'the run was cancelled during the review' : `the converge review could not be done: ${rootMessage(error)}`);
  }
}

/** `--converge-rounds N`: N rounds of follow-up tasks, so N + 1 reviews; 0 (and runs from before the setting) means none. */
export function reviewsAllowed(convergeRounds: number | undefined): number {
  return convergeRounds !== undefined && convergeRounds > 0 ? convergeRounds + 1 : 0;
}

/** The first reviewer whose provider is not the implementer's: converge never lets a vendor judge its own work. */
export function crossVendorReviewer(settings: Pick<RunSettings, 'implementer' | 'reviewers'>): ResolvedModel | undefined {
  return settings.reviewers.find((reviewer) => reviewer.providerName !== settings.implementer.providerName);
}

function done(context: ConvergeContext, progress: ConvergeProgress): false {
  update(context, progress);
  return false;
}

function update(context: ConvergeContext, progress: ConvergeProgress): void {
  context.state.converge = progress;
  context.onProgress();
}
