/**
 * The typed, read-only view of a run's journal that `tandem logs` and
 * `tandem report` work from. Every field that a crash or a run in progress
 * can leave unwritten is optional: readers must show "not yet" rather than fail.
 */
import type { RunRecord } from '../../activities/run-setup.js';
import type { ChecksRecord, CommandRecord, ConvergeOutcomeRecord, ConvergeRoundRecord, DecisionRecord, ModelStepRecord, ReviewRecord, ToolStepRecord } from '../../journal/records.js';
import type { Spend } from '../../contracts/run.js';

export interface Span {
  startedAt: number;
  finishedAt: number;
}

export interface ToolCallEntry {
  index: number;
  name: string;
  rawArguments: string;
  /** Absent when the call never ran: the turn ended at an earlier `finish`, or the run stopped mid-step. */
  result?: ToolStepRecord;
}

export interface StepEntry extends Span {
  step: number;
  modelId: string;
  text: string;
  /** The model's reasoning as text, when the server sent it. */
  reasoningText?: string;
  stopReason: ModelStepRecord['stopReason'];
  spend: Spend;
  toolCalls: ToolCallEntry[];
}

export interface ReviewEntry extends ReviewRecord {
  reviewerIndex: number;
}

/** The phases of one attempt, for the timeline. Missing phases did not run (or have not yet). */
export interface AttemptPhases {
  implement?: Span;
  test?: Span;
  review?: Span;
}

/** An external agent's session (activities/agent-session.ts), as `tandem logs` shows it. */
export interface AgentSessionEntry {
  spec: string;
  startedAt: number;
  finishedAt?: number;
  sessionId?: string;
  /** Times a worker picked the session up again after a crash. */
  resumes: number;
  /** What it did, in order: tool calls and their ends, its words, errors. */
  events: AgentEvent[];
  /** From agent-result.json, once the session ended. */
  result?: { finished: boolean; summary: string; lastWords: string; exitCode: number | null; stoppedBecause?: string; gitNotes: string[]; /** Files changed when it ended (git's view with the agent's own list). */ files?: string[] };
  stderr?: string;
  spend: Spend;
  /** Set when the gateway metered more than the agent's own events said: what the agent claimed, and the billed calls seen. */
  underReported?: { calls: number; reported: Spend };
}

export interface AttemptEntry {
  taskId: string;
  attempt: number;
  promptAt?: number;
  /** The MCP tools the attempt was shown, and what was left out (a server that did not start). */
  mcp?: { tools: number; notes: string[] };
  steps: StepEntry[];
  /** Set when an external agent implemented this attempt (then `steps` is empty). */
  agent?: AgentSessionEntry;
  checks?: ChecksRecord;
  reviews: ReviewEntry[];
  feedback?: string;
  /** `retry` on a failed attempt; the last attempt of a failed task says `give_up`. Absent while in progress. */
  decision?: DecisionRecord;
  phases: AttemptPhases;
  spend: Spend;
  /** From the prompt to the decision (or the last thing recorded). */
  span?: Span;
}

export interface TaskEntry {
  id: string;
  attempts: AttemptEntry[];
  spend: Spend;
  span?: Span;
  /** The last attempt's decision, when there is one. */
  decision?: DecisionRecord;
}

export interface BaselineEntry extends CommandRecord {
  at: number;
}

export interface RunJournal {
  dir: string;
  run?: RunRecord;
  baseline?: BaselineEntry;
  /** In the order of their first attempt. */
  tasks: TaskEntry[];
  /** The converge review's rounds, in order; absent when there was none. */
  converge?: ConvergeRoundRecord[];
  /** Where the converge review stood when the run left it; absent while it runs, when converge never started, and in older journals. */
  convergeOutcome?: ConvergeOutcomeRecord;
  /** Files that could not be read as JSON, as `path: problem`; shown, never fatal. */
  problems: string[];
}

import type { AgentEvent } from '../../agents/events.js';

export type { ChecksRecord, CommandRecord, DecisionRecord, ReviewRecord, ToolStepRecord };
