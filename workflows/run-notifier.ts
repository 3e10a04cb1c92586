/**
 * Tells people when a run needs them: paused, a task failed, the run finished.
 * Each notification is a fire-and-forget activity: the run never waits on it,
 * except at its end (and before continue-as-new), where it waits for those
 * still in flight so none is abandoned. A delivery that fails for good becomes
 * a note in the run's status instead of failing the run.
 */
import { condition, patched, proxyActivities } from '@temporalio/workflow';
import type * as notifyActivities from '../activities/notify.js';
import { notifyOptions } from './activity-profiles.js';
import { rootMessage } from './failure-message.js';
import type { NotifyEvent, NotifyRun, NotifySettings, NotifyTaskCounts } from '../contracts/notify.js';
import type { PauseKind, RunStatus } from '../contracts/run.js';

const activities = proxyActivities<typeof notifyActivities>(notifyOptions());

export class RunNotifier {
  private inFlight = 0;
  /** The pause last notified, so one pause seen twice (the task's signal, then the run's loop) is sent once. */
  private lastPause: string | undefined;

  constructor(
    private readonly settings: NotifySettings | undefined,
    private readonly run: NotifyRun,
    private readonly addNote: (note: string) => void,
  ) {}

  /** Starts delivery and returns at once. */
  send(event: Omit<NotifyEvent, 'run' | 'at'>): void {
    const notify = this.settings;
    if (!notify || (!notify.webhook && !notify.desktop)) return;
    // Runs started before notifications existed have no `notify` setting; the patch keeps the rule anyway.
    if (!patched('run-notify')) return;
    this.inFlight++;
    activities.deliverNotification
      .executeWithOptions({ summary: `notify · ${event.kind}` }, [{ notify, event: { ...event, run: this.run, at: Date.now() } }])
      .catch((error: unknown) => this.addNote(`notification "${event.kind}" not delivered: ${rootMessage(error)}`))
      .finally(() => this.inFlight--);
  }

  /** A pause by a limit (budget, git, provider); the user's own pause needs no message. */
  paused(kind: PauseKind, reason: string): void {
    const key = `${kind}:${reason}`;
    if (kind === 'user' || key === this.lastPause) return;
    this.lastPause = key;
    this.send({ kind: 'paused', pauseKind: kind, reason });
  }

  resumed(): void {
    this.lastPause = undefined;
  }

  taskFailed(status: RunStatus, taskId: string): void {
    const row = status.tasks.find((task) => task.id === taskId);
    if (!row) return;
    this.send({ kind: 'task_failed', task: { id: row.id, title: row.title, attempts: row.attempts }, reason: row.reason });
  }

  finished(status: RunStatus, state: 'completed' | 'failed' | 'cancelled'): void {
    this.send({ kind: 'run_finished', state, tasks: taskCounts(status), spend: status.spend });
  }

  /** Resolves once no delivery is in flight (each is bounded by the notify profile). */
  async settled(): Promise<void> {
    if (this.inFlight > 0) await condition(() => this.inFlight === 0);
  }
}

export function taskCounts(status: RunStatus): NotifyTaskCounts {
  const count = (...states: string[]) => status.tasks.filter((task) => states.includes(task.state)).length;
  return {
    committed: count('committed'),
    failed: count('failed'),
    skipped: count('skipped'),
    notRun: count('pending', 'blocked'),
    total: status.tasks.length,
  };
}
