/**
 * One agent session with Tandem's limits: the vendor's launch, the journaled
 * event stream, and a stop (of the whole process group) as soon as a limit is
 * crossed. The limits are checked on every event, so the agent is stopped
 * within the turn that crossed them.
 */
import type { ModelPrice, ResolvedModel } from '../models/types.js';
import { claudeLaunch } from './claude-code.js';
import { codexLaunch } from './codex.js';
import type { AgentLaunch, AgentLaunchInput } from './launch.js';
import type { AgentProgress } from './progress.js';
import { runAgent, type AgentRun } from './run-agent.js';

export interface AgentLimits {
  /** Tool calls (codex) or turns (Claude Code) the agent may take: Tandem's maxSteps. */
  maxSteps: number;
  /** Input plus output tokens for this session. */
  maxTokens?: number;
  /** US dollars for this session: what is left of the task's and the run's budgets. */
  maxUsd?: number;
}

export interface AgentSessionInput extends Omit<AgentLaunchInput, 'maxTurns'> {
  limits: AgentLimits;
  eventsFile: string;
  /** Told once, as soon as the agent names its session, so a crash after it can resume. */
  onSession(id: string): void;
  /** Told the agent's process group id when it starts. */
  onSpawn?(pid: number, binary: string): void;
  onProgress(progress: AgentProgress): void;
  signal?: AbortSignal;
  /** Events of an earlier, interrupted run of this session, already in eventsFile: counted again, not re-run. */
  replay?: boolean;
}

export function launchFor(input: AgentLaunchInput): AgentLaunch {
  return input.model.agent === 'claude-code' ? claudeLaunch(input) : codexLaunch(input);
}

export async function runAgentSession(input: AgentSessionInput): Promise<AgentRun> {
  const launch = launchFor({ ...input, maxTurns: input.limits.maxSteps });
  let session: string | undefined;
  return runAgent(launch, {
    eventsFile: input.eventsFile,
    price: priceOf(input.model),
    replay: input.replay === true,
    ...(input.onSpawn ? { onSpawn: (pid: number) => input.onSpawn!(pid, launch.binary) } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    onProgress: (progress) => {
      if (progress.sessionId !== undefined && progress.sessionId !== session) {
        session = progress.sessionId;
        input.onSession(session);
      }
      input.onProgress(progress);
      return limitReached(progress, input.limits);
    },
  });
}

/** The limits left for a session that starts over after a lost one: what the lost one spent was paid. */
export function limitsAfter(limits: AgentLimits, spent: AgentProgress): AgentLimits {
  const tokens = spent.usage.inputTokens + spent.usage.outputTokens;
  return {
    maxSteps: limits.maxSteps,
    ...(limits.maxTokens !== undefined ? { maxTokens: Math.max(0, limits.maxTokens - tokens) } : {}),
    ...(limits.maxUsd !== undefined ? { maxUsd: Math.max(0, limits.maxUsd - spent.costUsd) } : {}),
  };
}

/** Why the session must stop now, or undefined. */
export function limitReached(progress: AgentProgress, limits: AgentLimits): string | undefined {
  const steps = Math.max(progress.toolCalls, progress.turns);
  if (steps > limits.maxSteps) return `step limit reached (${limits.maxSteps} steps) before the agent finished`;
  const tokens = progress.usage.inputTokens + progress.usage.outputTokens;
  if (limits.maxTokens !== undefined && tokens >= limits.maxTokens) return `token limit reached (${tokens} ≥ ${limits.maxTokens}) before the agent finished`;
  if (limits.maxUsd !== undefined && progress.costUsd >= limits.maxUsd) return `budget reached ($${progress.costUsd.toFixed(4)} ≥ $${limits.maxUsd.toFixed(4)}) before the agent finished`;
  return undefined;
}

function priceOf(model: ResolvedModel): ModelPrice | undefined {
  return model.price;
}
