/** `tandem status`'s task table: one row per task, then in full every reason a cell had to shorten, and the run's pause. */
import Table from 'cli-table3';
import { formatDuration, formatSpendShort } from './format.js';
import { fullReasonLines, REASON_CELL, reasonCell, rowReasons, wrapToTerminal } from './reason-lines.js';
import { formatPendingRetry } from './provider-waiting.js';
import { resumeHint } from './resume-hint.js';
import { approvalLine } from '../../contracts/approval.js';
import type { RunSnapshot } from './view-types.js';
import { formatAgentProgress } from './agent-progress.js';
import { lanesLines, stepOfLane } from './lanes-lines.js';

/** The task table, the running lanes when there are several, the pause or approval wait, and every reason the table had to shorten, in full and wrapped. */
export function statusTable(snapshot: RunSnapshot, columns: number | undefined, planArg?: string): string {
  const table = new Table({ head: ['task', 'state', 'attempts', 'step / reason', 'time', 'tokens · cost'], style: { head: [], border: [] } });
  const live = snapshot.progress;
  // With lanes every running task has its own progress: each row shows its own attempt and step.
  const reports = snapshot.lanes ?? (live ? [live] : []);
  for (const row of snapshot.status.tasks) {
    const now = reports.find((report) => report.taskId === row.id && row.state === 'running') ?? (live?.taskId === row.id ? live : undefined);
    table.push([
      `${row.id} ${row.title}`.slice(0, 40),
      row.state,
      String(now?.attempt ?? row.attempts),
      now?.pausedReason ? reasonCell(`paused: ${now.pausedReason}`) : now?.step ? clip(snapshot.lanes ? stepOfLane(now) : now.step) : reasonCell(row.reason ?? ''),
      row.startedAt ? formatDuration((row.finishedAt ?? Date.now()) - row.startedAt) : '',
      formatSpendShort(now?.spend ?? row.spend),
    ]);
  }
  const lines = [table.toString()];
  // Several lanes: each running task by name (the table has one live step, and a narrow terminal cuts titles).
  lines.push(...lanesLines(snapshot.status, reports, snapshot.plan));
  // The task's pause is said once: the run's own pause line below says it when they are the same.
  const pausedTask = live?.pausedReason && live.pausedReason !== snapshot.status.pausedReason ? { taskId: live.taskId, reason: live.pausedReason } : undefined;
  lines.push(...fullReasonLines(rowReasons(snapshot.status.tasks, pausedTask), columns));
  if (snapshot.agentProgress) lines.push(...wrapToTerminal(`${snapshot.agentProgress.taskId} ${formatAgentProgress(snapshot.agentProgress)}`, columns));
  if (snapshot.retry && live) lines.push(...wrapToTerminal(`${live.taskId} ${formatPendingRetry(snapshot.retry)}`, columns));
  const paused = snapshot.status.pausedReason;
  if (paused) lines.push(...wrapToTerminal(`paused: ${paused}`, columns), `  continue with: ${resumeHint(snapshot.status)}`);
  if (snapshot.status.approval) lines.push(approvalLine(snapshot.status.approval, planArg));
  return `${lines.join('\n')}\n`;
}

/** A live step (`implement · step 4 · edit_file …`) is progress, not advice: shortening it loses nothing. */
function clip(step: string): string {
  return step.length <= REASON_CELL ? step : `${step.slice(0, REASON_CELL - 1)}…`;
}
