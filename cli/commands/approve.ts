/**
 * `tandem approve [T3]` / `tandem reject [T3] --comment "…"`: answer a run that
 * waits for a person (`tandem run --approve plan|each|final`). Each is a
 * validated update, so approving T9 while T3 waits is refused with what waits,
 * and a run that waits for nothing says so. Without a task id, the one thing
 * that waits is meant.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TandemError } from '../../errors/tandem-error.js';
import { approveUpdate, rejectUpdate, runStatusQuery } from '../../workflows/definitions.js';
import { approvalSubject, type ApprovalRequest, type ApprovalWait } from '../../contracts/approval.js';
import { addDevServerFlags, addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';
import { activityWorkers } from '../run/attached-workers.js';
import { locateRun } from '../run/locate-run.js';
import { openRunSession, type RunSessionContext } from '../run/run-session.js';
import { isPreparing, isUpdateNotInstalled, runPreparingError } from '../run/run-preparing.js';
import type { SessionFlags } from '../session.js';

interface ApprovalFlags extends SessionFlags {
  plan?: string;
  comment?: string;
}

export function registerApprovalCommands(program: Command): void {
  approvalCommand(program, 'approve', 'approve what the run waits for (--approve): the plan, a task\'s commit, or the end of the run')
    .addHelpText('after', '\nExamples:\n  tandem approve          # whatever waits\n  tandem approve T3\n  tandem approve T3 plans/auth.md\n');
  approvalCommand(program, 'reject', 'send a waiting task back for another attempt with your comment as feedback (or end a run waiting at its plan or end)')
    .option('--comment <text>', 'what to change: the next attempt\'s implementer reads it (required for a task)')
    .addHelpText('after', '\nExamples:\n  tandem reject T3 --comment "use snake_case for the new columns"\n  tandem reject --comment "T4 must not drop the table"   # the plan, before the first task\n');
}

function approvalCommand(program: Command, name: 'approve' | 'reject', description: string): Command {
  const command = program.command(name).description(description).argument('[task]', 'the task that waits, e.g. T3 (default: whatever waits)').argument('[plan]', PLAN_ARGUMENT_HELP);
  addDevServerFlags(addHiddenPlanFlag(command)).action(async (first: string | undefined, second: string | undefined, flags: ApprovalFlags) => {
    // One argument that names a file is the plan: `tandem approve plans/auth.md`.
    const [taskId, planArg] = second === undefined && first !== undefined && looksLikePlan(first) ? [undefined, first] : [first, second];
    const typed = [name, taskId].filter(Boolean).join(' ');
    const plan = planFrom(planArg, flags.plan, `tandem ${typed} <plan>`);
    const located = await locateRun(plan, typed);
    const request: ApprovalRequest = { ...(taskId ? { taskId } : {}), ...(flags.comment !== undefined ? { comment: flags.comment } : {}) };
    const message = await openRunSession(located, flags, (context) => answer(context, name, request, plan ?? located.planRelPath), { requireOpen: true });
    process.stdout.write(`${message}\n`);
  });
  return command;
}

async function answer({ session, handle, taskQueue }: RunSessionContext, name: 'approve' | 'reject', request: ApprovalRequest, plan: string): Promise<string> {
  // Read first only to word the reply; the update's validator decides.
  const waiting = (await handle.query(runStatusQuery).catch(() => undefined))?.approval;
  await refusedApproval(handle.executeUpdate(name === 'approve' ? approveUpdate : rejectUpdate, { args: [request] }), name, handle);
  const done = outcome(name, waiting);
  if (!waiting || (waiting.gate !== 'each' && name === 'reject')) return done;
  const workers = await activityWorkers(session.temporal.client, taskQueue);
  return workers.length > 0
    ? `${done}\n  Work goes on in the attached worker (${workers.join(', ')}).`
    : `${done}\n  No worker is attached: start one for work to go on (\`tandem run ${plan}\` or \`tandem worker\`).`;
}

function outcome(name: 'approve' | 'reject', waiting: ApprovalWait | undefined): string {
  if (!waiting) return name === 'approve' ? 'Approved.' : 'Rejected.';
  const subject = approvalSubject(waiting);
  if (name === 'approve') {
    if (waiting.gate === 'each') return `Approved ${subject}: it is committed next.`;
    return waiting.gate === 'plan' ? `Approved ${subject}: the run starts its first task.` : `Approved ${subject}: the run completes.`;
  }
  if (waiting.gate === 'each') return `Rejected ${subject}: attempt ${(waiting.attempt ?? 1) + 1} starts with your comment as feedback.`;
  return `Rejected ${subject}: the run ends as cancelled; what is committed stays on its branch.`;
}

/** A refusal (nothing waits, another task waits, no comment) is a usage error that says what waits; a run still preparing says so. */
async function refusedApproval<T>(pending: Promise<T>, name: string, handle: RunSessionContext['handle']): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    const reason = (error.cause as Error | undefined)?.message ?? error.message;
    if (isUpdateNotInstalled(reason) && (await isPreparing(handle))) throw runPreparingError();
    throw new TandemError(`Cannot ${name}: ${reason}.`, {
      code: 'RUN_REFUSED',
      hint: '`tandem status` shows what the run waits for; only a run started with --approve waits for anyone.',
    });
  }
}

function looksLikePlan(arg: string): boolean {
  return arg.endsWith('.md') || arg.includes('/') || existsSync(resolve(arg));
}
