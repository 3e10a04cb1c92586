/** The shapes of journal files. Each carries its own timestamps for the report's timeline. */
import type { Message, ReasoningBlock, StopReason, ToolCall, Usage } from '../models/types.js';

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
