/** `tandem status [TODO.md]`: per task state, attempt, step, tokens and cost, read from the run by query. */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { addDevServerFlags } from '../options.js';
import { readSnapshot } from '../run/follow-run.js';
import { formatPendingRetry } from '../run/provider-waiting.js';
import { estimateRun, formatEta } from '../run/eta.js';
import { formatDuration, formatFinalSummary, formatNotes, formatSpendShort, spendSoFar } from '../run/format.js';
import { resumeHint } from '../run/resume-hint.js';
import { locateRun } from '../run/locate-run.js';
import { findReplayFailure, replayFailureError } from '../run/replay-failure.js';
import { printError } from '../output/print-error.js';
import { openRunSession } from '../run/run-session.js';
import { uiLink, type SessionFlags } from '../session.js';

export function registerStatusCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('status')
      .description("show a run's tasks: state, attempt, current step, tokens and cost")
      .argument('[plan]', 'the plan file the run was started with (default: TODO.md in the repository root)')
      .option('--json', 'print the status as JSON')
      .addHelpText('after', '\nExamples:\n  tandem status\n  tandem status plans/auth.md --json\n'),
  ).action(async (plan: string | undefined, flags: SessionFlags & { json?: boolean }) => {
    const located = await locateRun(plan);
    await openRunSession(located, flags, async ({ session, handle }) => {
      const snapshot = await readSnapshot(handle, session.temporal.client);
      const description = await handle.describe();
      // A run this version cannot replay answers no query: say so instead of "no status yet".
      const failure = await findReplayFailure(session.temporal.client, located.workflowId);
      const stuck = failure && replayFailureError(failure);
      if (stuck) process.exitCode = stuck.exitCode;
      if (flags.json) {
        const problem = stuck && { code: stuck.code, message: stuck.message, hint: stuck.hint };
        const eta = snapshot && estimateRun(snapshot.status.tasks, snapshot.at);
        process.stdout.write(`${JSON.stringify({ workflowId: located.workflowId, workflowStatus: description.status.name, problem, ...snapshot, eta }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${located.workflowId} · ${description.status.name.toLowerCase()}${stuck ? ' · stuck' : ''}\n`);
      if (session.temporal.target.uiUrl) process.stdout.write(`UI: ${uiLink(session.temporal.target.uiUrl, session.temporal.namespace, located.workflowId)}\n`);
      if (!snapshot) {
        if (stuck) printError(stuck, { stream: process.stdout });
        else process.stdout.write('The run has not reported its status yet.\n');
        return;
      }
      const table = new Table({ head: ['task', 'state', 'attempts', 'step / reason', 'time', 'tokens · cost'], style: { head: [], border: [] } });
      for (const row of snapshot.status.tasks) {
        const live = snapshot.progress?.taskId === row.id ? snapshot.progress : undefined;
        table.push([
          `${row.id} ${row.title}`.slice(0, 40),
          row.state,
          String(live?.attempt ?? row.attempts),
          (live?.pausedReason ? `paused: ${live.pausedReason}` : live?.step ?? row.reason ?? '').slice(0, 48),
          row.startedAt ? formatDuration((row.finishedAt ?? Date.now()) - row.startedAt) : '',
          formatSpendShort(live?.spend ?? row.spend),
        ]);
      }
      process.stdout.write(`${table.toString()}\n`);
      if (snapshot.retry && snapshot.progress) process.stdout.write(`${snapshot.progress.taskId} ${formatPendingRetry(snapshot.retry)}\n`);
      if (snapshot.status.pausedReason) process.stdout.write(`paused: ${snapshot.status.pausedReason}\n  continue with: ${resumeHint(snapshot.status)}\n`);
      const eta = formatEta(snapshot.status, Date.now());
      if (eta) process.stdout.write(`${eta}\n`);
      process.stdout.write(`${formatFinalSummary({ ...snapshot.status, spend: spendSoFar(snapshot) })}\n${formatNotes(snapshot.status)}`);
      if (stuck) printError(stuck, { stream: process.stdout });
    });
  });
}
