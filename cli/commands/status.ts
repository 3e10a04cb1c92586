/** `tandem status [TODO.md]`: per task state, attempt, step, tokens and cost, read from the run by query. */
import type { Command } from 'commander';
import { addDevServerFlags, addHiddenPlanFlag, planFrom } from '../options.js';
import { readSnapshot } from '../run/follow-run.js';
import { statusTable } from '../run/status-table.js';
import { readRunEnding, runStateWord } from '../run/run-ending.js';
import { estimateRun, formatEta } from '../run/eta.js';
import { formatFinalSummary, formatNotes, spendSoFar } from '../run/format.js';
import { formatConverge } from '../run/converge-line.js';
import { locateRun } from '../run/locate-run.js';
import { findReplayFailure, replayFailureError } from '../run/replay-failure.js';
import { printError } from '../output/print-error.js';
import { openRunSession } from '../run/run-session.js';
import { isPreparing, preparingLine } from '../run/run-preparing.js';
import { uiLink, type SessionFlags } from '../session.js';
import { findOpenWorkflow } from '../run/open-workflow.js';
import { withAgentProgressOnRow } from '../run/agent-progress.js';
import { readPlanDeps } from '../run/plan-deps.js';
import type { RunWorkflowInput } from '../../workflows/run.js';

export function registerStatusCommand(program: Command): void {
  addDevServerFlags(
    addHiddenPlanFlag(program
      .command('status')
      .description("show a run's tasks: state, attempt, current step, tokens and cost")
      .argument('[plan]', 'the plan file the run was started with (default: TODO.md in the repository root)')
      .option('--json', 'print the status as JSON')
      .addHelpText('after', '\nExamples:\n  tandem status\n  tandem status plans/auth.md --json\n')),
  ).action(async (plan: string | undefined, flags: SessionFlags & { json?: boolean; plan?: string }) => {
    const located = await locateRun(planFrom(plan, flags.plan, `tandem status ${plan ?? flags.plan}`));
    // Written in one go once the session has closed, like list and logs: a reader that
    // stops early (`| head -1`) then closes the pipe after the last write, not between two.
    const { text, stuck } = await openRunSession(located, flags, async ({ session, handle }) => {
      let text = '';
      const out = (line: string) => { text += line; };
      const description = await handle.describe();
      const ending = await readRunEnding(handle, description.status.name);
      // A run that returned answers from its result, with or without a worker to replay it for a query.
      const snapshot = ending?.status ? { status: ending.status, at: Date.now() } : await readSnapshot(handle, session.temporal.client, await readPlanDeps(located.repo, located.planRelPath));
      // A run this version cannot replay answers no query: say so instead of "no status yet".
      const failure = ending ? undefined : await findReplayFailure(session.temporal.client, located.workflowId);
      const stuck = failure && replayFailureError(failure);
      if (stuck) process.exitCode = stuck.exitCode;
      const state = runStateWord(description.status.name, ending, snapshot?.status);
      if (flags.json) {
        const problem = stuck && { code: stuck.code, message: stuck.message, hint: stuck.hint };
        const eta = snapshot && estimateRun(snapshot.status.tasks, snapshot.at);
        // Where the open run's calls go and with which key (fingerprints only): what a worker serving it must match.
        const endpoints = (await findOpenWorkflow<RunWorkflowInput>(session.temporal.client, located.workflowId).catch(() => undefined))?.input.settings.endpoints;
        const taskQueue = description.taskQueue;
        out(`${JSON.stringify({ workflowId: located.workflowId, workflowStatus: description.status.name, runState: state, taskQueue, endpoints, problem, failure: ending?.failure, ...withAgentProgressOnRow(withoutPlan(snapshot)), eta }, null, 2)}\n`);
        return { text, stuck: undefined };
      }
      out(`${located.workflowId} · ${state}${stuck ? ' · stuck' : ''}\n`);
      if (session.temporal.target.uiUrl) out(`UI: ${uiLink(session.temporal.target.uiUrl, session.temporal.namespace, located.workflowId)}\n`);
      if (snapshot) out(statusTable(snapshot, process.stdout.columns, located.planRelPath));
      if (ending?.failure) {
        out(`Run ${ending.state} [${ending.failure.code}]: ${ending.failure.reason}\n`);
        if (ending.failure.hint) out(`  hint: ${ending.failure.hint}\n`);
      } else if (snapshot) {
        const eta = ending ? undefined : formatEta(snapshot.status, Date.now());
        if (eta) out(`${eta}\n`);
        out(`${formatFinalSummary({ ...snapshot.status, spend: spendSoFar(snapshot) })}\n`);
      }
      if (snapshot) out(formatConverge(snapshot.status));
      if (state === 'cancelling') {
        out(`Cancel recorded: the run ends once its running task is rolled back, which needs a worker on its task queue: \`tandem cancel${located.planRelPath === 'TODO.md' ? '' : ` ${located.planRelPath}`} --wait\` (or \`tandem worker --task-queue ${description.taskQueue}\`).\n`);
      }
      if (snapshot) out(formatNotes(snapshot.status)); else if (!stuck && !ending && (await isPreparing(handle))) {
        out(`${preparingLine(located.planRelPath)}\n`);
      } else if (!stuck) {
        out(`No worker has answered for this run yet, so it has no status to show. \`tandem run ${located.planRelPath}\` (or \`tandem worker --task-queue ${description.taskQueue}\`) starts one.\n`);
      }
      return { text, stuck };
    });
    process.stdout.write(text);
    if (stuck) printError(stuck, { stream: process.stdout });
  });
}

/** The plan read for the waits is the user's own file: not part of the run's JSON status. */
function withoutPlan<S extends { plan?: unknown }>(snapshot: S | undefined): Omit<S, 'plan'> | undefined {
  if (!snapshot) return undefined;
  const { plan: _plan, ...rest } = snapshot;
  return rest;
}
