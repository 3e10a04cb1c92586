/**
 * `tandem cancel`: stops a run (its running task rolled back, nothing else
 * touched), or with --design the planning of a design. The cancel is recorded
 * at once; the roll back needs a worker with activities, so when none is
 * attached the command says so and how to get one, and `--wait` brings one
 * here and waits for the run's end.
 */
import type { Command } from 'commander';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { cancelUpdate } from '../../workflows/definitions.js';
import type { RunStatus } from '../../contracts/run.js';
import { addDevServerFlags, addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';
import { cancelPlanning } from '../planning/cancel-planning.js';
import { lastActivityPollSecondsAgo, cancelAndWait } from '../run/cancel-run.js';
import { formatFinalSummary } from '../run/format.js';
import { locateRun, type RunLocator } from '../run/locate-run.js';
import { openRunSession, refusedUpdate, type RunSessionContext } from '../run/run-session.js';
import { sendWhenPrepared } from '../run/run-preparing.js';
import { Interrupted, openSession, type SessionFlags } from '../session.js';

interface CancelFlags extends SessionFlags {
  plan?: string;
  design?: string;
  reason?: string;
  wait?: boolean;
}

export function registerCancelCommand(program: Command): void {
  addDevServerFlags(
    addHiddenPlanFlag(program
      .command('cancel')
      .description('cancel the run: the running task is rolled back, nothing else is touched (--design: cancel a planning)')
      .argument('[plan]', PLAN_ARGUMENT_HELP)
      .option('--design <file>', 'cancel the planning of this design document instead (same as `tandem plan --cancel <file>`)')
      .option('--reason <text>', 'why, shown in status and the UI')
      .option('--wait', 'roll the running task back here (a worker runs in this process) and wait until the run has ended')
      .addHelpText(
        'after',
        '\nThe roll back of the running task needs a worker: the `tandem run` that started the run, a `tandem worker`, or --wait.\n\nExamples:\n  tandem cancel --reason "wrong plan"\n  tandem cancel plans/auth.md --wait\n  tandem cancel --design docs/design.md\n',
      )),
  ).action(async (plan: string | undefined, flags: CancelFlags) => {
    const planArg = planFrom(plan, flags.plan, `tandem cancel ${plan ?? flags.plan}`);
    try {
      process.stdout.write(`${await cancelCommand({ ...flags, ...(planArg !== undefined ? { plan: planArg } : {}) })}\n`);
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      // Ctrl-C while waiting for a preparing run: the cancel was never sent.
      process.stderr.write('\nStopped waiting: the cancel was not sent, and the run goes on preparing. `tandem cancel` again sends it once the run has prepared.\n');
      process.exitCode = EXIT.interrupted;
    }
  });
}

export async function cancelCommand(flags: CancelFlags): Promise<string> {
  if (flags.design !== undefined) return cancelPlanning(flags.design, flags);
  const located = await locateRun(flags.plan, 'cancel');
  if (flags.wait === true) return cancelHere(located, flags);
  return openRunSession(located, flags, (context) => cancelAndSayWhatNext(context, located, flags), { requireOpen: true });
}

/** Records the cancel; the run ends here only when nothing needs rolling back, so say what happens next. */
async function cancelAndSayWhatNext({ session, handle }: RunSessionContext, located: RunLocator, flags: CancelFlags): Promise<string> {
  // Asked to cancel, the user wants it done: a run still preparing takes it once it has prepared.
  const status = await sendWhenPrepared({
    handle,
    send: () => refusedUpdate(handle.executeUpdate(cancelUpdate, { args: [{ reason: flags.reason }] }), handle),
    what: 'the cancel',
    say: (line) => process.stderr.write(line),
  });
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return `Cancelled ${status.runId}. ${formatFinalSummary(await finalStatus(handle, status))}`;
  const task = status.currentTaskId ? `its running task ${status.currentTaskId} is rolled back` : 'its current step ends';
  const polled = await lastActivityPollSecondsAgo(session.temporal.client, description.taskQueue);
  const worker =
    polled === undefined
      ? `No worker is polling its task queue (${description.taskQueue}) now.`
      : `A worker polled its task queue (${description.taskQueue}) ${polled} s ago; if it is still running, it does the roll back (\`tandem status\` shows when the run has ended).`;
  return [
    `Cancel recorded for ${status.runId}: the run stops once ${task}, which takes a worker.`,
    `  ${worker}`,
    `  To finish the cancel: \`tandem cancel${flags.plan ? ` ${flags.plan}` : ''} --wait\` (rolls back here and waits), or \`tandem run ${located.planRelPath}\` (attaches a worker).`,
  ].join('\n');
}

/** --wait: a worker with activities in this process does the roll back; returns once the run has ended. */
async function cancelHere(located: RunLocator, flags: CancelFlags): Promise<string> {
  const session = await openSession(flags);
  try {
    const description = await session.temporal.client.workflow.getHandle(located.workflowId).describe().catch(() => undefined);
    if (description?.status.name !== 'RUNNING') {
      throw new TandemError(`There is no open run of ${located.planRelPath} (${located.workflowId}${description ? `: ${description.status.name.toLowerCase()}` : ''}); there is nothing to cancel.`, {
        code: description ? 'RUN_CLOSED' : 'RUN_NOT_FOUND',
        hint: `\`tandem status ${located.planRelPath}\` shows how it ended.`,
      });
    }
    process.stdout.write(`Cancelling ${located.workflowId}: rolling back its running task here…\n`);
    const status = await cancelAndWait({ session, workflowId: located.workflowId, taskQueue: description.taskQueue, reason: flags.reason, localWorker: true });
    return formatFinalSummary(status);
  } finally {
    await session.close();
  }
}

/** The run's own final status when it has one; else what the update returned. */
async function finalStatus(handle: RunSessionContext['handle'], fallback: RunStatus): Promise<RunStatus> {
  const result = await handle.result().catch(() => undefined);
  return (result as { status?: RunStatus } | undefined)?.status ?? fallback;
}
