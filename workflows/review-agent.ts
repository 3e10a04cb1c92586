/**
 * What a review by an external agent (`reviewers: [{ agent: codex }]`) runs
 * under: a retry profile of its own (each retry resumes the journaled session,
 * so a few are worth it, eight full reviews are not) and the same limits an
 * implementing session gets.
 */
import { patched } from '@temporalio/workflow';
import type { Budget, RunSettings } from '../contracts/run.js';
import type { ResolvedModel } from '../models/types.js';

/** Marks histories where an agent reviewer runs under agentReviewOptions with limits. */
export const AGENT_REVIEW_PATCH = 'task-agent-review-session';

/** Whether this review is an agent's session under its own profile (runs started before it keep the model-call one). */
export function isAgentReview(reviewer: ResolvedModel): boolean {
  return reviewer.agent !== undefined && patched(AGENT_REVIEW_PATCH);
}

/**
 * The review session's limits: the attempt's token limit (a review is a session of its
 * own) and what is left of the task's and the run's budgets when it starts.
 */
export function agentReviewLimits(settings: Pick<RunSettings, 'maxTokensPerAttempt'>, left: Budget): { maxTokens: number; maxUsd?: number } {
  return {
    maxTokens: Math.min(settings.maxTokensPerAttempt, left.tokens ?? Number.POSITIVE_INFINITY),
    ...(left.usd !== undefined ? { maxUsd: left.usd } : {}),
  };
}
