/**
 * Timeout and retry profiles for activities, one per kind of side effect.
 * Each activity heartbeats, so a worker killed mid-call is noticed within the
 * heartbeat timeout rather than the (long) start-to-close timeout.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { RunSettings } from '../contracts/run.js';

/**
 * Model calls: slow and rate limited. Retry generously; permanent errors (bad key, unknown model) are
 * marked non-retryable where they happen. A provider still down after the last try pauses the run
 * (workflows/provider-wait.ts). `modelRetryMaxSeconds` caps the wait between tries (tests shrink it).
 */
export function modelCallOptions(settings: Pick<RunSettings, 'heartbeatTimeoutSeconds' | 'modelRetryMaxSeconds'>): ActivityOptions {
  const maxSeconds = settings.modelRetryMaxSeconds ?? 120;
  return {
    startToCloseTimeout: '20 minutes',
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: `${Math.min(2, maxSeconds)} seconds`, backoffCoefficient: 2, maximumInterval: `${maxSeconds} seconds`, maximumAttempts: 8 },
  };
}

/** Tool calls and test runs: bounded by their own command timeout; a retry restores the pre-step snapshot first. */
export function commandOptions(
  settings: Pick<RunSettings, 'heartbeatTimeoutSeconds'>,
  commandTimeoutSeconds: number,
): ActivityOptions {
  return {
    startToCloseTimeout: `${commandTimeoutSeconds + 120} seconds`,
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
  };
}

/**
 * An external agent's whole session (activities/agent-session.ts): long, so it heartbeats and a
 * dead worker is noticed within the heartbeat timeout. A retry resumes the agent's own session,
 * so a few are worth it; more would mean the agent itself keeps failing.
 */
export function agentSessionOptions(settings: Pick<RunSettings, 'heartbeatTimeoutSeconds'>): ActivityOptions {
  return {
    startToCloseTimeout: '4 hours',
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
  };
}

/**
 * A review by an external agent (agents/review-session.ts): one session, heartbeating. A retry
 * resumes the journaled session, so a crash costs little; but each try is a paid agent session,
 * and an agent that fails three times in a row (no verdict, a crash) will not do better on the
 * eighth, so the task fails instead and the run goes on by its policy.
 */
export function agentReviewOptions(settings: Pick<RunSettings, 'heartbeatTimeoutSeconds'>): ActivityOptions {
  return {
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
  };
}

/** Git and journal bookkeeping: fast and local. We prefer to fail the run than to retry a broken repo forever. */
export function bookkeepingOptions(settings: Pick<RunSettings, 'heartbeatTimeoutSeconds'>): ActivityOptions {
  return {
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: `${settings.heartbeatTimeoutSeconds} seconds`,
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 6 },
  };
}

/**
 * Notifications: a webhook a person reads, never on the run's path. A few quick
 * tries cover a blip; a receiver that stays down must not hold the run's end
 * for long, so the run gives up after about half a minute and keeps a note.
 */
export function notifyOptions(): ActivityOptions {
  return {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
  };
}

/**
 * Fast, local bookkeeping (a branch check, a commit, a file tool): run as local
 * activities in the worker that runs the workflow, which saves two server round
 * trips each. They are idempotent, so the at-least-once retry after a crash is safe.
 */
export function localOptions(timeoutSeconds = 120): LocalActivityOptions {
  return {
    startToCloseTimeout: `${timeoutSeconds} seconds`,
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 6 },
  };
}

/**
 * Pushing the run branch and opening its pull request: the network and a
 * forge's API. A few tries cover a blip; a user error (no token, a rejected
 * push) is not retried at all, and whatever fails last becomes a note, never
 * a failed run (the work is committed; `tandem pr` can try again).
 */
export function pullRequestOptions(): ActivityOptions {
  return {
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
  };
}
