/**
 * The live state of one task workflow: what the UI's "current details", the
 * `taskProgress` query and the run's status table show.
 */
import { setCurrentDetails, setHandler } from '@temporalio/workflow';
import { taskProgressQuery } from './definitions.js';
import { addSpend, ZERO_SPEND, type Spend, type TaskProgress, type TaskState } from '../contracts/run.js';

export class TaskProgressTracker {
  private progress: TaskProgress;

  constructor(taskId: string, startedAt: number) {
    this.progress = { taskId, state: 'running', attempt: 0, step: 'starting', startedAt, spend: ZERO_SPEND };
    setHandler(taskProgressQuery, () => this.progress);
  }

  get spend(): Spend {
    return this.progress.spend;
  }

  /** A label for activity summaries, e.g. `T3 attempt 2 · step 4`. */
  label(step?: number): string {
    const base = `${this.progress.taskId} attempt ${this.progress.attempt}`;
    return step === undefined ? base : `${base} · step ${step}`;
  }

  beginAttempt(attempt: number): void {
    this.progress = { ...this.progress, attempt };
    this.show('implement');
  }

  show(step: string): void {
    this.progress = { ...this.progress, step };
    setCurrentDetails(`**${this.label()}** · ${step}\n\nspent ${formatSpend(this.progress.spend)}`);
  }

  add(spend: Spend): void {
    this.progress = { ...this.progress, spend: addSpend(this.progress.spend, spend) };
  }

  finish(state: TaskState): void {
    this.progress = { ...this.progress, state, pausedReason: undefined };
    this.show(state);
  }

  pause(reason: string): void {
    this.progress = { ...this.progress, pausedReason: reason };
    setCurrentDetails(`**${this.label()}** · paused: ${reason}`);
  }

  unpause(): void {
    this.progress = { ...this.progress, pausedReason: undefined };
  }
}

export function formatSpend(spend: Spend): string {
  return `${spend.inputTokens + spend.outputTokens} tokens, $${spend.costUsd.toFixed(4)}`;
}
