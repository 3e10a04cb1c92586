/**
 * The end of `tandem plan --update`: the planner's proposal applied to the
 * plan as it is now (plan/revision.ts), shown as a diff, and, once the user
 * agrees (or passed --yes), written to TODO.md, or handed to the run that
 * works through it, which writes and commits it at its next task boundary.
 */
import { join } from 'node:path';
import { isEmptyRevision, planRevision, type PlanProposal } from '../../plan/revision.js';
import { reviseTodoText } from '../../plan/revision-text.js';
import { describeRevision } from '../../plan/revision-problems.js';
import { parseTodo } from '../../plan/index.js';
import { readTextIfExists, writeFileAtomic } from '../../journal/files.js';
import { TandemError } from '../../errors/tandem-error.js';
import { planUpdate } from '../../workflows/definitions.js';
import type { PlanUpdateRequest } from '../../contracts/plan-update.js';
import { unifiedDiff } from '../output/unified-diff.js';
import { findOpenWorkflow } from '../run/open-workflow.js';
import { refusedUpdate } from '../run/run-session.js';
import { createControlWorker } from '../../worker/control-worker.js';
import type { Session } from '../session.js';
import { runWorkflowId } from '../workspace.js';
import { withinPlanLimits } from '../run/plan-limits.js';

export interface UpdateChoices {
  yes: boolean;
  dryRun: boolean;
  /** Whether someone can answer `confirm` (stdin is a terminal). */
  interactive: boolean;
  /** Asks the user a yes/no question; only called without --yes and --dry-run. */
  confirm: (question: string) => Promise<boolean>;
  write: (text: string) => void;
}

/** Refuses --update without --yes or --dry-run when nobody can answer the question, before any model is paid. */
export function assertCanConfirm(flags: { yes?: boolean; dryRun?: boolean }, interactive: boolean): void {
  if (flags.yes === true || flags.dryRun === true || interactive) return;
  throw new TandemError('`tandem plan --update` shows the plan diff and asks before writing, but stdin is not a terminal.', {
    code: 'USAGE',
    hint: 'Pass --yes to write the updated plan without asking, or --dry-run to only print the diff.',
  });
}

export async function finishPlanUpdate(input: {
  session: Session;
  repo: string;
  outRelPath: string;
  proposal: PlanProposal;
  source?: string;
  choices: UpdateChoices;
}): Promise<number> {
  const { repo, outRelPath, choices } = input;
  const before = await readTextIfExists(join(repo, outRelPath));
  if (before === undefined) throw new TandemError(`${outRelPath} is gone; there is no plan to update.`, { code: 'PLAN_NOT_FOUND', hint: 'Run `tandem plan` without --update to write a new plan.' });
  // The plan as it is now, not as it was when planning began: a run may have ticked tasks off since.
  const current = parseTodo(before, { file: outRelPath });
  const { revision, refused } = planRevision(current, input.proposal);
  for (const refusal of refused) choices.write(`Kept ${refusal.taskId} as it is: ${refusal.message}\n`);
  if (isEmptyRevision(revision)) {
    choices.write(`${outRelPath} already matches the design: no task to revise, add or drop. Nothing written.\n`);
    return 0;
  }
  const after = reviseTodoText(before, revision, { file: outRelPath, ...(input.source === undefined ? {} : { source: input.source }) });
  const summary = describeRevision(revision);
  assertUpdateFits(after, outRelPath);
  choices.write(`${unifiedDiff(before, after, outRelPath)}\n${outRelPath}: ${summary}\n`);
  if (choices.dryRun) {
    choices.write('Dry run: nothing written.\n');
    return 0;
  }

  const runId = runWorkflowId(repo, outRelPath);
  const run = await findOpenWorkflow(input.session.temporal.client, runId);
  const question = run ? `Send this update to the run in progress (${runId})? [y/N] ` : `Write ${outRelPath}? [y/N] `;
  if (!choices.yes && !choices.interactive) {
    // Reattached to an update started elsewhere, with nobody to ask: the proposal stays in the journal for a rerun with --yes.
    choices.write(`Not written: stdin is not a terminal to ask on. Run the same command with --yes to write it (the planner is not asked again).\n`);
    return 2;
  }
  if (!choices.yes && !(await choices.confirm(question))) {
    choices.write(`Left ${outRelPath} as it was.\n`);
    return 0;
  }
  if (!run) {
    await writeFileAtomic(join(repo, outRelPath), after);
    choices.write(`Wrote ${outRelPath}: ${summary}.\n`);
    return 0;
  }
  // The run owns the plan while it is open: it writes and commits it between tasks, so no task's commit undoes the change.
  const request: PlanUpdateRequest = { revision, summary, ...(input.source === undefined ? {} : { source: input.source }) };
  const accepted = await sendToRun(input.session, runId, run.taskQueue, request);
  choices.write(
    `The run ${runId} accepted the update (${summary}). ${outRelPath} was not written here: the run writes and commits it on its branch ` +
      `${accepted.appliesAfter ? `once ${accepted.appliesAfter} has finished` : 'before its next task'}, then goes on with the new plan.\n`,
  );
  return 0;
}

/**
 * The limit `tandem run` puts on a plan (cli/run/plan-limits.ts), applied to the plan this update makes,
 * before its diff is shown, it is written, or it is sent to a run: a run carries its plan in Temporal
 * payloads, and a run that took a plan too large for them could not go on.
 */
function assertUpdateFits(after: string, outRelPath: string): void {
  try {
    withinPlanLimits(after, `${outRelPath} as this update revises it`);
  } catch (error) {
    if (!(error instanceof TandemError) || error.code !== 'PLAN_TOO_LARGE') throw error;
    throw new TandemError(`The update makes the plan too large for a run: ${error.message}`, {
      code: 'PLAN_TOO_LARGE',
      hint:
        `Nothing was written and nothing was sent to a run; ${outRelPath} is as it was. Change the design so the update needs fewer or shorter tasks, ` +
        'or plan the new work as a plan file of its own (`tandem plan design-part-2.md --out plans/part-2.md`) and run it after this one.',
      context: { ...error.context, file: outRelPath },
      cause: error,
    });
  }
}

/** Sends the update with a workflows-only worker here, so the run's validator answers even when no other worker is polling. */
async function sendToRun(session: Session, runId: string, taskQueue: string, request: PlanUpdateRequest) {
  const handle = session.temporal.client.workflow.getHandle(runId);
  const worker = await createControlWorker({ connection: session.temporal.connection, namespace: session.temporal.namespace, taskQueue });
  return worker.runUntil(() => refusedUpdate(handle.executeUpdate(planUpdate, { args: [request] }), handle));
}
