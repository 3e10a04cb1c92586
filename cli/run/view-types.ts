/** What every run view implements, apart from the code that picks one (no cycle between them). */
import type { RunStatus, TaskProgress } from '../../contracts/run.js';
import type { PendingRetry } from './provider-waiting.js';
import type { AgentSessionProgress } from './agent-progress.js';
import type { PlanDeps } from './lanes-lines.js';

export interface RunSnapshot {
  status: RunStatus;
  progress?: TaskProgress;
  /** The running task's model call that Temporal is retrying, if any: what it waits for. */
  retry?: PendingRetry;
  /** The running task's external agent session, from its heartbeats (agent-progress.ts). */
  agentProgress?: AgentSessionProgress;
  /** With lanes (more than one task running): every running task's progress, `progress` among them. */
  lanes?: TaskProgress[];
  /** The plan's dependencies and files, when the caller read the plan: what the waiting tasks wait for. */
  plan?: readonly PlanDeps[];
  at: number;
}

export interface RunHeader {
  runId: string;
  attached: boolean;
  ui?: string;
}

/** Why the run cannot go on (the same text as the error the CLI exits with if it gives up). */
export interface RunProblem {
  code: string;
  message: string;
  hint?: string;
}

export interface RunView {
  start(header: RunHeader): void;
  update(snapshot: RunSnapshot): void;
  /** Shows why the run does not move, or clears it (undefined) once it moves again. */
  problem(problem: RunProblem | undefined): void;
  finish(status: RunStatus): void;
  /** Releases the terminal; safe to call twice. */
  stop(): void;
}
