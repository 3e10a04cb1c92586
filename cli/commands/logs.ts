/**
 * `tandem logs T3 [plan] [--attempt N]`: the story of a task from the run's journal:
 * agent steps with tool calls and results, test output, review verdicts, the
 * decision. Reads files only, so it works without a Temporal server or keys.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { collectSecrets } from '../../exec/env.js';
import { TandemError } from '../../errors/tandem-error.js';
import { findJournal } from '../journal/find-journal.js';
import { readPlanTasks } from '../journal/plan-tasks.js';
import { readJournal } from '../journal/read-journal.js';
import { formatTaskLog } from '../logs/format-task.js';
import { addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';

export interface LogsFlags {
  attempt?: string;
  plan?: string;
  runDir?: string;
  full?: boolean;
}

export function registerLogsCommand(program: Command): void {
  const command = program
    .command('logs')
    .description("show a task's story: each agent step with its tool calls, the test output, the reviews and the decision")
    .argument('<task>', 'task id, e.g. T3')
    .argument('[plan]', PLAN_ARGUMENT_HELP)
    .option('--attempt <n>', 'show only this attempt')
    .option('--run-dir <dir>', "read this journal folder instead of the plan's newest run")
    .option('--full', 'show tool results, test output and feedback in full instead of shortened')
    .addHelpText('after', '\nExamples:\n  tandem logs T3\n  tandem logs T3 --attempt 2 --full\n  tandem logs T1 plans/auth.md | less -R\n\nColours are off when NO_COLOR is set or stdout is not a terminal.\n');
  addHiddenPlanFlag(command).action(async (task: string, plan: string | undefined, flags: LogsFlags) => {
    process.stdout.write(await logsText(task, { ...flags, plan: planFrom(plan, flags.plan, `tandem logs ${task} ${plan ?? flags.plan}`) }));
  });
}

/** What `tandem logs` prints; exported for tests. Colours follow picocolors' detection (NO_COLOR, FORCE_COLOR, TTY). */
export async function logsText(task: string, flags: LogsFlags, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const attempt = flags.attempt === undefined ? undefined : parseAttempt(flags.attempt);
  const found = await findJournal({ plan: flags.plan, runDir: flags.runDir, command: `logs ${task}` }, env);
  const journal = await readJournal(found.dir);
  const plan = await readPlanTasks(journal, found.located ? join(found.located.repo, found.located.planRelPath) : undefined);
  const title = plan?.tasks.find((t) => t.id.toLowerCase() === task.toLowerCase())?.title;
  return formatTaskLog(journal, {
    taskId: task,
    ...(attempt !== undefined ? { attempt } : {}),
    ...(title ? { title } : {}),
    full: flags.full ?? false,
    colors: pc.createColors(pc.isColorSupported && !env.NO_COLOR),
    secrets: collectSecrets(env),
  });
}

function parseAttempt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new TandemError(`--attempt must be a whole number from 1, not "${value}".`, { code: 'INVALID_ATTEMPT', hint: 'For example: tandem logs T3 --attempt 2' });
  }
  return n;
}
