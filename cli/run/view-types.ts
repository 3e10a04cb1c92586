/** What every run view implements, apart from the code that picks one (no cycle between them). */
import type { RunStatus, TaskProgress } from '../../contracts/run.js';

export interface RunSnapshot {
  status: RunStatus;
  progress?: TaskProgress;
  at: number;
}

export interface RunHeader {
  runId: string;
  attached: boolean;
  ui?: string;
}

/** Why the run cannot go on, shown before the CLI gives up (the same text as the error it exits with). */
export interface RunProblem {
  code: string;
  message: string;
  hint?: string;
}

export interface RunView {
  start(header: RunHeader): void;
  update(snapshot: RunSnapshot): void;
  problem(problem: RunProblem): void;
  finish(status: RunStatus): void;
  /** Releases the terminal; safe to call twice. */
  stop(): void;
}
