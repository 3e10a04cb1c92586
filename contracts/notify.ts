/**
 * What a run tells the outside world when it needs someone: the settings
 * (where to deliver) and the events. Plain data shared by the run workflow,
 * the delivery activity and the CLI; imports nothing of theirs.
 */
import type { PauseKind, Spend } from './run.js';

export { WEBHOOK_FORMATS, type NotifySettings, type WebhookFormat } from './notify-settings.js';

/**
 * `waiting_for_approval`: a run that waits on a person's yes (`--approve`), as
 * opposed to one that is paused by a limit; sent when the wait starts and at
 * each reminder (`--approve-remind`).
 */
export const NOTIFY_EVENT_KINDS = ['paused', 'waiting_for_approval', 'task_failed', 'run_finished'] as const;
export type NotifyEventKind = (typeof NOTIFY_EVENT_KINDS)[number];

export interface NotifyRun {
  id: string;
  repo: string;
  plan: string;
  branch: string;
}

export interface NotifyTaskCounts {
  committed: number;
  failed: number;
  skipped: number;
  /** Pending or blocked: not run. */
  notRun: number;
  total: number;
}

export interface NotifyEvent {
  kind: NotifyEventKind;
  run: NotifyRun;
  /** Epoch ms, from the workflow's clock. */
  at: number;
  /** The task the event is about (task_failed, a pause or approval inside a task). */
  task?: { id: string; title: string; attempts?: number };
  /** Why: the pause reason, the task's failure reason. */
  reason?: string;
  pauseKind?: PauseKind;
  /** run_finished: how it ended. */
  state?: 'completed' | 'failed' | 'cancelled';
  tasks?: NotifyTaskCounts;
  spend?: Spend;
}

/** What a delivery achieved: each channel tried, and a one-line problem for each that failed. */
export interface NotifyDelivery {
  delivered: ('webhook' | 'desktop')[];
  problems: string[];
}
