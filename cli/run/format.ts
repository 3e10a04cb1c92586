/** Small formatting helpers shared by the run views and `tandem status`. */
import { addSpend, type RunStatus, type Spend, type TaskProgress } from '../../contracts/run.js';

/** `12k tok · $0.0340`; `~` before both when some usage was estimated (a server sent none). */
export function formatSpendShort(spend: Spend): string {
  const tokens = spend.inputTokens + spend.outputTokens;
  const about = spend.estimated ? '~' : '';
  return `${about}${formatTokens(tokens)} tok · ${about}$${spend.costUsd.toFixed(spend.costUsd < 1 ? 4 : 2)}`;
}

/**
 * The one way token counts are written (views, status, logs, report, plan):
 * exact below a thousand, then `1.2k`, `11k`, `1.5M`, so `11k in · 1.2k out`
 * never mixes styles on one line.
 */
export function formatTokens(tokens: number): string {
  if (tokens >= 999_500) return `${trimZero((tokens / 1_000_000).toFixed(1))}M`;
  if (tokens >= 9_950) return `${Math.round(tokens / 1000)}k`;
  if (tokens >= 1000) return `${trimZero((tokens / 1000).toFixed(1))}k`;
  return String(Math.round(tokens));
}

/** `2.0k` reads as noise next to `2k`. */
const trimZero = (fixed: string) => fixed.replace(/\.0$/, '');

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatFinalSummary(status: RunStatus): string {
  const count = (state: string) => status.tasks.filter((task) => task.state === state).length;
  const parts = [`${count('committed')} committed`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  const notRun = count('pending') + count('blocked');
  if (notRun) parts.push(`${notRun} not run`);
  const state = status.cancelRequested ? 'cancelling' : status.state;
  return `Run ${state}: ${parts.join(', ')} · ${formatSpendShort(status.spend)}`;
}

/**
 * What the run has spent so far: its finished tasks plus the task still open.
 * The run adds a task's spend only when it ends, so a task paused on its
 * budget has spent tokens the run's own total does not show yet.
 */
export function spendSoFar(snapshot: { status: Pick<RunStatus, 'spend' | 'currentTaskId'> & Partial<Pick<RunStatus, 'tasks'>>; progress?: Pick<TaskProgress, 'taskId' | 'state' | 'spend'>; lanes?: Pick<TaskProgress, 'taskId' | 'spend'>[] }): Spend {
  if (snapshot.lanes && snapshot.status.tasks) {
    // With lanes, every task still running (integrating too) has spend the run adds only when it ends.
    const running = new Set(snapshot.status.tasks.filter((row) => row.state === 'running').map((row) => row.id));
    return snapshot.lanes.filter((report) => running.has(report.taskId)).reduce((total, report) => addSpend(total, report.spend), snapshot.status.spend);
  }
  const progress = snapshot.progress;
  if (!progress) return snapshot.status.spend;
  // The run's status was read first: while it still names this task as current, the task's
  // spend is not in the run's total yet, even if the task finished in between the two reads.
  const uncounted = progress.state === 'running' || progress.taskId === snapshot.status.currentTaskId;
  return uncounted ? addSpend(snapshot.status.spend, progress.spend) : snapshot.status.spend;
}

/** The run's notes (e.g. a notification that was not delivered), one `note:` line each; empty when there are none. */
export function formatNotes(status: RunStatus): string {
  return (status.notes ?? []).map((note) => `note: ${note}\n`).join('');
}
