/** Plain progress lines, one per change: for pipes, CI logs and `NO_COLOR` terminals alike. */
import type { RunStatus, TaskStatusRow } from '../../contracts/run.js';
import { formatFinalSummary, formatNotes, formatSpendShort } from './format.js';
import { formatConverge } from './converge-line.js';
import { formatPendingRetry } from './provider-waiting.js';
import { formatAgentProgress } from './agent-progress.js';
import { lanesLines } from './lanes-lines.js';
import { resumeHint } from './resume-hint.js';
import { approvalLine } from '../../contracts/approval.js';
import type { RunHeader, RunProblem, RunSnapshot, RunView } from './view-types.js';

export class LinesView implements RunView {
  private lastLine = new Map<string, string>();
  private lastStep = '';
  private lastPause = '';
  private lastRetry = '';
  private lastApproval = '';

  constructor(private readonly stream: NodeJS.WritableStream) {}

  start(header: RunHeader): void {
    this.stream.write(`${header.attached ? 'Attached to' : 'Started'} ${header.runId}\n`);
    if (header.ui) this.stream.write(`  UI: ${header.ui}\n`);
  }

  update({ status, progress, retry, agentProgress, lanes: laneReports, plan }: RunSnapshot): void {
    for (const row of status.tasks) this.emit(row.id, taskLine(row));
    // With lanes, each running task's step, once per change (keyed by a name no task id can have).
    for (const report of laneReports ?? []) {
      if (report.state === 'running') this.emit(`step of ${report.taskId}`, `  ${report.taskId} attempt ${report.attempt} · ${report.step}`);
    }
    if (progress && progress.state === 'running' && !laneReports) {
      const step = `  ${progress.taskId} attempt ${progress.attempt} · ${progress.step}`;
      if (step !== this.lastStep) {
        this.stream.write(`${step}\n`);
        this.lastStep = step;
      }
    }
    // Several lanes: which tasks run now, in which lane, and what the others wait for, once per change (keyed by a name no task id can have).
    const lanes = lanesLines(status, [], plan);
    if (lanes.length > 0) this.emit('the lanes', lanes.join('\n'));
    // Keyed by a name no task id can have; a line per change in what the session did.
    if (agentProgress) this.emit('the agent session', `  ${agentProgress.taskId} ${formatAgentProgress(agentProgress)}`);
    // One line per try, not per poll: the countdown to the next try changes every time.
    const retryKey = retry ? formatPendingRetry({ ...retry, nextAttemptAt: undefined }) : '';
    if (retry && progress && retryKey !== this.lastRetry) this.stream.write(`  ${progress.taskId} ${formatPendingRetry(retry)}\n`);
    this.lastRetry = retryKey;
    // Keyed by a name no task id can have (ids have no spaces).
    if (status.converge) this.emit('the converge review', formatConverge(status).trimEnd());
    const pause = status.pausedReason ?? '';
    if (pause !== this.lastPause) {
      if (pause) this.stream.write(`paused: ${pause}\n  continue with: ${resumeHint(status)}\n`);
      this.lastPause = pause;
    }
    // Once per wait: the run may wait for days, and each poll sees the same wait.
    const approval = status.approval ? `${status.approval.gate}:${status.approval.taskId ?? ''}:${status.approval.since}` : '';
    if (approval !== this.lastApproval) {
      if (status.approval) this.stream.write(`${approvalLine(status.approval)}\n`);
      this.lastApproval = approval;
    }
  }

  problem(problem: RunProblem | undefined): void {
    if (problem) this.stream.write(`stuck [${problem.code}]: ${problem.message}\n${problem.hint ? `  ${problem.hint}\n` : ''}`);
    else this.stream.write('moving again: a worker replayed the run\n');
  }

  finish(status: RunStatus): void {
    for (const row of status.tasks) this.emit(row.id, taskLine(row));
    this.stream.write(`${formatFinalSummary(status)}\n${formatConverge(status)}${formatNotes(status)}`);
  }

  stop(): void {}

  private emit(taskId: string, line: string): void {
    if (this.lastLine.get(taskId) === line) return;
    this.lastLine.set(taskId, line);
    this.stream.write(`${line}\n`);
  }
}

function taskLine(row: TaskStatusRow): string {
  const attempts = row.attempts > 0 ? ` after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}` : '';
  switch (row.state) {
    case 'committed':
      return `✓ ${row.id} ${row.title} — committed${row.sha ? ` ${row.sha.slice(0, 8)}` : ''}${attempts} · ${formatSpendShort(row.spend)}`;
    case 'failed':
      return `✗ ${row.id} ${row.title} — failed${attempts}: ${row.reason ?? ''}`;
    case 'running':
      return `▶ ${row.id} ${row.title}`;
    case 'skipped':
      return `- ${row.id} ${row.title} — skipped`;
    case 'blocked':
      return `· ${row.id} ${row.title} — blocked (${row.reason ?? 'a dependency failed'})`;
    default:
      return `  ${row.id} ${row.title} — pending`;
  }
}
