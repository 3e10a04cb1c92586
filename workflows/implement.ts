/**
 * The implementer's agent loop, durable step by step: each model call is one
 * activity and each tool call is one activity, so a crash never repeats a
 * finished model call. Stop conditions are one-line functions.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type * as implementActivities from '../activities/implement.js';
import { commandOptions, modelCallOptions } from './activity-profiles.js';
import { holderQueue, onHolder, quickActivities } from './workspace-routing.js';
import type { TaskProgressTracker } from './task-progress.js';
import type { ProviderWait } from './provider-wait.js';
import { commandSettings, spendTokens, ZERO_SPEND, addSpend, NO_CHANGE_REASON, type Budget, type Spend, type TaskWorkflowInput } from '../contracts/run.js';
import { AGENT_SESSION_PATCH, implementWithAgent } from './implement-agent.js';

export interface ImplementResult {
  finished: boolean;
  /** The implementer's own summary when it finished; why it stopped otherwise. */
  summary: string;
  steps: number;
  spend: Spend;
  /** A tool that may change files ran (so the tree may differ from the task's base). */
  changedFiles: boolean;
}

/** Marks the nudge step that replaced "a reply in words means done" when nothing was changed. */
export const NO_CHANGE_NUDGE_PATCH = 'implement-no-change-nudge';

/** Tools that change files, for step results recorded before they said so themselves. */
const MUTATING_TOOLS = ['write_file', 'edit_file', 'run_command'];

export interface ImplementOptions {
  attempt: number;
  /** Waits while a budget is exhausted; returns a reason when the attempt must end. */
  beforeModelCall: () => Promise<string | undefined>;
  /** Makes each model call, pausing the run while its provider is unavailable. */
  provider: ProviderWait;
  /** An earlier attempt ran a tool that changes files, so the tree may already differ from the base. */
  changedEarlier?: boolean;
  /** What is left of the task's and run's budgets, for an external agent that must stop by itself. */
  remainingBudget?: () => Budget;
}

export async function implement(
  input: TaskWorkflowInput,
  progress: TaskProgressTracker,
  options: ImplementOptions,
): Promise<ImplementResult> {
  const { settings } = input;
  // An external agent (agents/) runs the whole attempt as one session; older histories never take this branch.
  if (settings.implementer.agent !== undefined && patched(AGENT_SESSION_PATCH)) return implementWithAgent(input, progress, options);
  const holder = holderQueue(input);
  const model = proxyActivities<typeof implementActivities>(onHolder(modelCallOptions(settings), holder, settings));
  const commands = proxyActivities<typeof implementActivities>(onHolder(commandOptions(settings, settings.commandTimeoutSeconds), holder, settings));
  // Quick tools (files) take milliseconds: local activities. Long-running ones (commands) heartbeat: regular ones.
  const fileTools = quickActivities<typeof implementActivities>(holder, settings);
  const where = { location: input.location, taskId: input.task.id, attempt: options.attempt };
  // The first step writes the attempt's prompt from these.
  const prompt = { task: input.task, ...(options.attempt > 1 ? { previousAttempt: options.attempt - 1 } : {}), ...(options.attempt === (input.priorAttempts ?? -1) + 1 ? { freshWorkspace: true } : {}) };
  // With MCP servers, the model step lists their tools (once per attempt, journaled) and shows them to the model.
  const toolSettings = settings.mcp && Object.keys(settings.mcp).length > 0 ? { toolSettings: commandSettings(settings) } : {};

  let spend = ZERO_SPEND;
  let changedFiles = false;
  let nudged = false;
  const end = (finished: boolean, summary: string, steps: number): ImplementResult => ({ finished, summary, steps, spend, changedFiles });
  const tokenLimitReached = () => spendTokens(spend) >= settings.maxTokensPerAttempt;
  for (let step = 1; step <= settings.maxSteps; step++) {
    const stopReason = await options.beforeModelCall();
    if (stopReason) return end(false, stopReason, step - 1);

    progress.show(`implement · step ${step} · model`);
    const reply = await options.provider.call(() =>
      model.implementerStep.executeWithOptions(
        { summary: `${progress.label(step)} · ${settings.implementer.spec}` },
        [{ ...where, step, model: settings.implementer, ...(step === 1 ? { prompt } : {}), ...(settings.endpoints ? { endpoint: settings.endpoints.implementer } : {}), ...toolSettings }],
      ),
    );
    spend = addSpend(spend, reply.spend);
    progress.add(reply.spend);
    if (reply.toolCalls.length === 0) {
      // A reply in words is the model saying it is done; an empty one is not.
      if (reply.text.trim() === '') return end(false, 'the model returned an empty reply', step);
      // Done without changing anything: testing and reviewing the unchanged tree is wasted
      // (an empty diff to review). Say so once; the conversation adds the nudge (journal/conversation.ts).
      if (!changedFiles && !options.changedEarlier && patched(NO_CHANGE_NUDGE_PATCH)) {
        if (!nudged && step < settings.maxSteps && !tokenLimitReached()) {
          nudged = true;
          continue;
        }
        return end(false, NO_CHANGE_REASON, step);
      }
      return end(true, reply.text, step);
    }

    for (const call of reply.toolCalls) {
      // `finish` needs no activity: the model step already recorded it.
      if (call.finish !== undefined) return end(true, call.finish, step);
      if (call.mutates ?? MUTATING_TOOLS.includes(call.name)) changedFiles = true;
      progress.show(`implement · step ${step} · ${call.summary}`);
      // The activity says which tools run long. Histories recorded before it did carry no
      // flag: for them the old rule (by name) keeps the replayed command sequence unchanged.
      const longRunning = call.longRunning ?? call.name === 'run_command';
      const tools = longRunning ? commands : fileTools;
      const result = await tools.toolStep.executeWithOptions(
        { summary: `${progress.label(step)} · ${call.summary}` },
        [{ ...where, step, callIndex: call.index, settings: commandSettings(input.settings) }],
      );
      if (result.finished) return end(true, result.finished.summary, step);
    }
    if (tokenLimitReached()) {
      return end(false, `token limit reached (${spendTokens(spend)} ≥ ${settings.maxTokensPerAttempt}) before finish`, step);
    }
  }
  return end(false, `step limit reached (${settings.maxSteps} steps) before finish`, settings.maxSteps);
}
