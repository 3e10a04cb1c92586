/**
 * The live view on a terminal: a compact table of tasks (state, attempt,
 * step, elapsed, tokens, cost) redrawn in place, with a spinner and elapsed
 * time on the task that is working, and the Temporal UI link.
 */
import Table from 'cli-table3';
import spinners from 'cli-spinners';
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { RunStatus, TaskStatusRow } from '../../contracts/run.js';
import { formatEta } from './eta.js';
import { formatDuration, formatFinalSummary, formatNotes, formatSpendShort, spendSoFar } from './format.js';
import { resumeHint } from './resume-hint.js';
import { approvalLine } from '../../contracts/approval.js';
import { formatConverge } from './converge-line.js';
import { formatPendingRetry } from './provider-waiting.js';
import { formatAgentProgress } from './agent-progress.js';
import { lanesLines, stepOfLane } from './lanes-lines.js';
import { fullReasonLines, REASON_CELL, reasonCell, rowReasons } from './reason-lines.js';
import type { RunHeader, RunProblem, RunSnapshot, RunView } from './view-types.js';

const FRAME_MS = spinners.dots.interval;
/** Keeps the table short on big plans: finished tasks scroll off, the rest stays. */
const MAX_ROWS = 20;

export class LiveTableView implements RunView {
  private header: RunHeader | undefined;
  private snapshot: RunSnapshot | undefined;
  private stuck: RunProblem | undefined;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly render: ReturnType<typeof createLogUpdate>;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.render = createLogUpdate(stream, { showCursor: false });
  }

  start(header: RunHeader): void {
    this.header = header;
    this.timer = setInterval(() => {
      this.frame++;
      this.draw();
    }, FRAME_MS);
    this.draw();
  }

  update(snapshot: RunSnapshot): void {
    this.snapshot = snapshot;
    this.draw();
  }

  /** Shows, in red, the reason nothing moves (in place of "waiting for a worker"), or clears it. */
  problem(problem: RunProblem | undefined): void {
    this.stuck = problem;
    this.draw();
  }

  finish(status: RunStatus): void {
    this.snapshot = { status, at: Date.now() };
    this.stopTimer();
    this.draw();
    this.render.done();
    this.stream.write(`${formatFinalSummary(status)}\n${formatConverge(status)}${formatNotes(status)}`);
  }

  stop(): void {
    this.stopTimer();
    this.render.done();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private draw(): void {
    if (!this.header) return;
    const lines = [`${pc.bold(this.header.attached ? 'Attached to' : 'Running')} ${this.header.runId}`];
    if (this.header.ui) lines.push(`${pc.dim('UI:')} ${this.header.ui}`);
    const snapshot = this.snapshot;
    const stuck = this.stuck ? [pc.red(`stuck [${this.stuck.code}]: ${this.stuck.message}`), ...(this.stuck.hint ? [pc.dim(this.stuck.hint)] : [])] : [];
    if (!snapshot && stuck.length > 0) {
      this.render([...lines, ...stuck].join('\n'));
      return;
    }
    if (!snapshot) {
      lines.push(`${spinners.dots.frames[this.frame % spinners.dots.frames.length]} waiting for a worker…`);
      this.render(lines.join('\n'));
      return;
    }
    const table = new Table({
      head: ['', 'task', 'state', 'try', 'step', 'time', 'tokens · cost'],
      style: { head: process.env.NO_COLOR ? [] : ['cyan'], border: process.env.NO_COLOR ? [] : ['grey'] },
      wordWrap: false,
    });
    for (const row of visibleRows(snapshot.status.tasks)) table.push(this.row(row, snapshot));
    lines.push(table.toString());
    // Several lanes: every running task by name, even when the table scrolled it off.
    const width = Math.max(40, (this.stream.columns ?? 120) - 1);
    lines.push(...lanesLines(snapshot.status, snapshot.lanes ?? (snapshot.progress ? [snapshot.progress] : []), snapshot.plan).map((line) => truncate(line, width)));
    // Whatever a cell shortened, in full: the end of a reason is usually what to do about it.
    const taskPause = snapshot.progress?.pausedReason;
    const pausedTask = taskPause && taskPause !== snapshot.status.pausedReason ? { taskId: snapshot.progress!.taskId, reason: taskPause } : undefined;
    const failed = snapshot.status.tasks.filter((row) => row.state === 'failed');
    lines.push(...fullReasonLines(rowReasons(failed, pausedTask), this.stream.columns).map((line) => pc.dim(line)));
    if (snapshot.agentProgress) lines.push(pc.dim(truncate(`${snapshot.agentProgress.taskId} ${formatAgentProgress(snapshot.agentProgress)}`, Math.max(40, (this.stream.columns ?? 120) - 1))));
    if (snapshot.retry && snapshot.progress) lines.push(pc.yellow(`${snapshot.progress.taskId} ${formatPendingRetry(snapshot.retry)}`));
    if (snapshot.status.pausedReason) {
      lines.push(pc.yellow(`paused: ${snapshot.status.pausedReason}`), pc.dim(`continue with: ${resumeHint(snapshot.status)}`));
    }
    if (snapshot.status.approval) lines.push(pc.yellow(approvalLine(snapshot.status.approval)));
    if (snapshot.status.converge) lines.push(formatConverge(snapshot.status).trimEnd());
    const eta = formatEta(snapshot.status, Date.now());
    lines.push(pc.dim(`total ${formatSpendShort(spendSoFar(snapshot))}${eta ? ` · ${eta}` : ''}`), ...stuck);
    this.render(lines.join('\n'));
  }

  private row(row: TaskStatusRow, snapshot: RunSnapshot): string[] {
    // With lanes each running row has its own progress report.
    const live = (row.state === 'running' ? snapshot.lanes?.find((report) => report.taskId === row.id) : undefined) ?? (snapshot.progress?.taskId === row.id ? snapshot.progress : undefined);
    const spend = live ? live.spend : row.spend;
    const elapsed = row.startedAt ? formatDuration((row.finishedAt ?? Date.now()) - row.startedAt) : '';
    const icon = row.state === 'running' ? pc.cyan(spinners.dots.frames[this.frame % spinners.dots.frames.length]!) : ICONS[row.state];
    return [
      icon,
      truncate(`${row.id} ${row.title}`, 38),
      row.state,
      live ? String(live.attempt) : row.attempts ? String(row.attempts) : '',
      live?.pausedReason ? reasonCell(`paused: ${live.pausedReason}`) : live?.step ? truncate(snapshot.lanes ? stepOfLane(live) : live.step, REASON_CELL) : row.state === 'failed' ? reasonCell(row.reason ?? '') : '',
      elapsed,
      spend.inputTokens + spend.outputTokens > 0 ? formatSpendShort(spend) : '',
    ];
  }
}

const ICONS: Record<TaskStatusRow['state'], string> = {
  pending: ' ',
  running: '▶',
  committed: pc.green('✓'),
  failed: pc.red('✗'),
  skipped: pc.dim('-'),
  blocked: pc.dim('·'),
};

function visibleRows(rows: TaskStatusRow[]): TaskStatusRow[] {
  if (rows.length <= MAX_ROWS) return rows;
  const firstOpen = rows.findIndex((row) => row.state === 'running' || row.state === 'pending');
  const start = Math.max(0, Math.min(firstOpen === -1 ? rows.length - MAX_ROWS : firstOpen - 3, rows.length - MAX_ROWS));
  return rows.slice(start, start + MAX_ROWS);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
