/**
 * The implementer as an external agent (Codex CLI, Claude Code): the whole
 * attempt is one durable activity, limited by the attempt's steps, tokens and
 * what is left of the budgets. What follows (tests, cross-review, commit or
 * roll back) is the task workflow's, exactly as for Tandem's own loop.
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as agentActivities from '../activities/agent-session.js';
import { agentSessionOptions } from './activity-profiles.js';
import { holderQueue, onHolder } from './workspace-routing.js';
import type { TaskProgressTracker } from './task-progress.js';
import type { ProviderWait } from './provider-wait.js';
import { ZERO_SPEND, type Budget, type Spend, type TaskWorkflowInput } from '../contracts/run.js';

/** What implement.ts passes on (its ImplementOptions, without importing it back). */
interface AgentImplementOptions {
  attempt: number;
  beforeModelCall: () => Promise<string | undefined>;
  provider: ProviderWait;
  remainingBudget?: () => Budget;
}

/** implement.ts's ImplementResult, structurally. */
interface AgentImplementResult {
  finished: boolean;
  summary: string;
  steps: number;
  spend: Spend;
  changedFiles: boolean;
}

/** Marks histories whose external-agent implementer ran as one session activity. */
export const AGENT_SESSION_PATCH = 'implement-agent-session';

export async function implementWithAgent(input: TaskWorkflowInput, progress: TaskProgressTracker, options: AgentImplementOptions): Promise<AgentImplementResult> {
  const { settings } = input;
  const agents = proxyActivities<typeof agentActivities>(onHolder(agentSessionOptions(settings), holderQueue(input), settings));
  const stopReason = await options.beforeModelCall();
  if (stopReason) return { finished: false, summary: stopReason, steps: 0, spend: ZERO_SPEND, changedFiles: false };

  const left = options.remainingBudget?.() ?? {};
  const maxTokens = Math.min(settings.maxTokensPerAttempt, left.tokens ?? Number.POSITIVE_INFINITY);
  progress.show(`implement · ${settings.implementer.spec}`);
  const result = await options.provider.call(() =>
    agents.agentSession.executeWithOptions({ summary: `${progress.label()} · session of ${settings.implementer.spec}` }, [
      {
        location: input.location,
        taskId: input.task.id,
        attempt: options.attempt,
        agent: settings.implementer,
        prompt: { task: input.task, ...(options.attempt > 1 ? { previousAttempt: options.attempt - 1 } : {}), ...(options.attempt === (input.priorAttempts ?? -1) + 1 ? { freshWorkspace: true } : {}) },
        limits: { maxSteps: settings.maxSteps, maxTokens, ...(left.usd !== undefined ? { maxUsd: left.usd } : {}) },
        sandbox: settings.sandbox,
        ...(settings.endpoints ? { endpoint: settings.endpoints.implementer } : {}),
      },
    ]),
  );
  progress.add(result.spend);
  return { finished: result.finished, summary: result.summary, steps: result.steps, spend: result.spend, changedFiles: result.changedFiles };
}
