/**
 * `tandem pause | resume | cancel | skip T3 | retry T3`: controls for a run in
 * progress, sent as a signal or a validated update. A refused update (skip a
 * done task, resume a finished run) says why.
 */
import type { Command } from 'commander';
import { TandemError } from '../../errors/tandem-error.js';
import { pauseSignal, resumeUpdate, retryTaskUpdate, skipTaskUpdate } from '../../workflows/definitions.js';
import type { RunStatus } from '../../contracts/run.js';
import { addDevServerFlags, addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';
import { registerCancelCommand } from './cancel.js';
import { activityWorkers } from '../run/attached-workers.js';
import { readSnapshot } from '../run/follow-run.js';
import { formatFinalSummary, spendSoFar } from '../run/format.js';
import { locateRun } from '../run/locate-run.js';
import { openRunSession, refusedUpdate } from '../run/run-session.js';
import type { SessionFlags } from '../session.js';

interface ControlFlags extends SessionFlags {
  plan?: string;
  addBudget?: string;
  addTokens?: string;
  reason?: string;
}

export function registerControlCommands(program: Command): void {
  registerCancelCommand(program);
  control(program, 'pause', 'pause the run before its next task', [], async ({ handle }, _args, flags) => {
    await handle.signal(pauseSignal, { reason: flags.reason ?? 'paused by user' });
    return 'Pause requested: the run stops before its next task (the running task finishes first).';
  }, { signalOnly: true }).option('--reason <text>', 'why, shown in status and the UI');

  control(program, 'resume', 'resume a paused run, optionally with more budget', [], async ({ session, handle, taskQueue }, _args, flags) => {
    const status = await refusedUpdate(handle.executeUpdate(resumeUpdate, { args: [{ addBudgetUsd: amount(flags.addBudget, '--add-budget'), addBudgetTokens: amount(flags.addTokens, '--add-tokens') }] }), handle);
    // The update's status counts finished tasks only; the paused task has spent too.
    const snapshot = await readSnapshot(handle, session.temporal.client);
    const summary = formatFinalSummary({ ...status, spend: spendSoFar(snapshot ?? { status }) });
    const workers = await activityWorkers(session.temporal.client, taskQueue);
    return workers.length > 0
      ? `Resumed. ${summary}\n  Work goes on in the attached worker (${workers.join(', ')}).`
      : `Resumed. ${summary}\n  No worker is attached: start one for work to go on (\`tandem run ${flags.plan ?? 'TODO.md'}\` or \`tandem worker --task-queue ${taskQueue}\`).`;
  })
    .option('--add-budget <usd>', 'raise the run (and paused task) budget by this many USD')
    .option('--add-tokens <n>', 'raise the token budget by this many tokens');

  control(program, 'skip', 'skip a task (a running one is rolled back first); done tasks cannot be skipped', ['task'], async ({ handle }, [taskId]) => {
    await refusedUpdate(handle.executeUpdate(skipTaskUpdate, { args: [{ taskId: taskId! }] }), handle);
    return `${taskId} will be skipped and marked [-] in the plan.`;
  });

  control(program, 'retry', 'run a failed or skipped task again', ['task'], async ({ handle }, [taskId]) => {
    await refusedUpdate(handle.executeUpdate(retryTaskUpdate, { args: [{ taskId: taskId! }] }), handle);
    return `${taskId} is queued to run again.`;
  });
}

function control(
  program: Command,
  name: string,
  description: string,
  args: string[],
  action: (context: Parameters<Parameters<typeof openRunSession>[2]>[0], args: string[], flags: ControlFlags) => Promise<string>,
  options: { signalOnly?: boolean } = {},
): Command {
  const command = program.command(name).description(description);
  for (const arg of args) command.argument(`<${arg}>`);
  command
    .argument('[plan]', PLAN_ARGUMENT_HELP)
    .addHelpText('after', `\nExamples:\n  tandem ${name}${args.length ? ' T3' : ''}${name === 'resume' ? ' --add-budget 5' : ''}\n  tandem ${name}${args.length ? ' T3' : ''} plans/TODO.md\n`);
  addDevServerFlags(addHiddenPlanFlag(command)).action(async (...received: unknown[]) => {
    const positional = received.slice(0, args.length) as string[];
    const flags = received[args.length + 1] as ControlFlags;
    const typed = [name, ...positional].join(' ');
    const plan = planFrom(received[args.length] as string | undefined, flags.plan, `tandem ${typed} <plan>`);
    if (plan !== undefined) flags.plan = plan;
    const located = await locateRun(plan, typed);
    const message = await openRunSession(located, flags, (context) => action(context, positional, flags), { requireOpen: true, needsWorker: !options.signalOnly });
    process.stdout.write(`${message}\n`);
  });
  return command;
}

function amount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(number > 0)) throw new TandemError(`${flag} must be a positive number, got "${value}".`, { code: 'USAGE', hint: `e.g. ${flag} 5` });
  return number;
}
