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

export interface RunView {
  start(header: RunHeader): void;
  update(snapshot: RunSnapshot): void;
  finish(status: RunStatus): void;
  /** Releases the terminal; safe to call twice. */
  stop(): void;
}
