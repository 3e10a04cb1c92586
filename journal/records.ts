/** The shapes of journal files. Each carries its own timestamps for the report's timeline. */
import type { Message, ReasoningBlock, StopReason, ToolCall, Usage } from '../models/types.js';
import type { ConvergeProgress, ConvergeRound } from '../contracts/converge.js';
import type { TodoTask } from '../plan/todo-types.js';

export interface TimedRecord {
  startedAt: number;
  finishedAt: number;
}

export interface PromptRecord {
  messages: Message[];
  createdAt: number;
}

export interface ModelStepRecord extends TimedRecord {
  text: string;
  toolCalls: ToolCall[];
  /** Vendor reasoning blocks that must be sent back with this turn (Anthropic thinking). */
  reasoning?: ReasoningBlock[];
  /** The model's reasoning as text (OpenAI-compatible `reasoning_content`), for `tandem logs` only. */
  reasoningText?: string;
  stopReason: StopReason;
  modelId: string;
  usage: Usage;
  costUsd: number;
}

export interface ToolStepRecord extends TimedRecord {
  toolCallId: string;
  name: string;
  ok: boolean;
  content: string;
  summary: string;
  finished?: { summary: string };
}

export interface CommandRecord {
  name: 'verify' | 'test' | 'baseline';
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  output: string;
  outputTruncated: boolean;
}

export interface ChecksRecord extends TimedRecord {
  passed: boolean;
  commands: CommandRecord[];
}

export interface ReviewRecord extends TimedRecord {
  reviewer: string;
  modelId: string;
  verdict: 'approve' | 'request_changes';
  summary: string;
  comments: { severity: 'blocker' | 'major' | 'minor' | 'nit'; body: string; file?: string; line?: number }[];
  usage: Usage;
  costUsd: number;
}

export interface DecisionRecord {
  decision: 'commit' | 'retry' | 'give_up';
  reason: string;
  sha?: string;
  at: number;
}

/** `converge/round-<n>.json`: the round as the contract has it, plus the follow-up tasks in full and what the call cost. */
export interface ConvergeRoundRecord extends ConvergeRound, TimedRecord {
  /** The tasks appended to the plan for this round's gaps, as rendered into TODO.md (ids as in `followUps`). */
  followUpTasks: TodoTask[];
  /** Whether the project's tests passed on the head the reviewer read; absent when no test command is set. */
  testsPassed?: boolean;
  modelId: string;
  usage: Usage;
  costUsd: number;
}

/**
 * `converge-outcome.json`: where the converge review stood when the run left
 * it, as in the run's status. Written once the run is past converge, so the
 * report and the pull request can say a review was skipped and why, which no
 * round file can (a skip often comes before any round).
 */
export interface ConvergeOutcomeRecord extends ConvergeProgress {
  at: number;
}
