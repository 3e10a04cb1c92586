/**
 * `tandem pr [plan]`: pushes a plan's run branch and opens its pull request
 * (or updates the one already open) with the run's report as description.
 */
import type { Command } from 'commander';
import { TandemError } from '../../errors/tandem-error.js';
import { publishPullRequest, type PublishResult } from '../../pr/publish-pull-request.js';
import { findJournal } from '../journal/find-journal.js';
import { readJournal } from '../journal/read-journal.js';
import { addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';
import { EXIT_CODES_HELP } from '../output/exit-codes-help.js';
import { journalPullRequestContent } from '../pr/pr-content.js';
import { tandemVersion } from '../version.js';

export interface PrFlags {
  plan?: string;
  runDir?: string;
  remote?: string;
  base?: string;
}

export function registerPrCommand(program: Command): void {
  const command = program
    .command('pr')
    .description("push a plan's run branch and open its pull request on GitHub, or update the open one")
    .argument('[plan]', PLAN_ARGUMENT_HELP)
    .option('--remote <name>', "the remote to push to (default: the run branch's upstream, else origin)")
    .option('--base <branch>', 'the branch to merge into (default: the branch the run started from, else the repository\'s default branch)')
    .option('--run-dir <dir>', "use this journal folder instead of the plan's newest run")
    .addHelpText(
      'after',
      '\nThe token: GITHUB_TOKEN, else GH_TOKEN, else `gh auth token`. GitHub Enterprise Server: set GITHUB_API_URL=https://<host>/api/v3.\n' +
        'Everything is checked before the push (the run branch, the remote, the token, its access to the repository and its right to push), and the branch is never force-pushed.\n' +
        'A second call pushes the new commits and updates the open pull request instead of opening another.\n\n' +
        `Examples:\n  tandem pr\n  tandem pr plans/auth.md --remote upstream --base develop\n\n${EXIT_CODES_HELP}\n`,
    );
  addHiddenPlanFlag(command).action(async (plan: string | undefined, flags: PrFlags) => {
    const result = await pullRequestCommand({ ...flags, plan: planFrom(plan, flags.plan, `tandem pr ${plan ?? flags.plan}`) });
    process.stdout.write(prSummary(result));
  });
}

export async function pullRequestCommand(flags: PrFlags, env: NodeJS.ProcessEnv = process.env): Promise<PublishResult & { branch: string }> {
  const found = await findJournal({ plan: flags.plan, runDir: flags.runDir, command: 'pr' }, env);
  const run = (await readJournal(found.dir)).run;
  if (!run) {
    throw new TandemError(`The journal ${found.dir} has no run.json: it does not say which branch the run worked on.`, {
      code: 'JOURNAL_NOT_FOUND',
      hint: 'Pass the plan the run was started with, or --run-dir with a run\'s journal folder.',
    });
  }
  const repo = found.located?.repo ?? run.repo;
  const planRelPath = found.located?.planRelPath ?? run.planRelPath;
  // The description first: a journal that cannot be read stops the command before anything is pushed.
  const content = await journalPullRequestContent({ journalDir: found.dir, repo, planRelPath });
  const result = await publishPullRequest({
    repo,
    branch: run.branch,
    runId: run.runId,
    content,
    userAgent: `tandem/${tandemVersion()}`,
    env,
    ...(flags.remote ? { remote: flags.remote } : {}),
    ...(flags.base ? { base: flags.base } : {}),
    ...(run.startBranch ? { startBranch: run.startBranch } : {}),
  });
  return { ...result, branch: run.branch };
}

export function prSummary(result: PublishResult & { branch: string }): string {
  const pushed = result.pushed ? `Pushed ${result.branch} (${result.sha.slice(0, 10)}) to ${result.remote}.` : `${result.remote}/${result.branch} is already at ${result.sha.slice(0, 10)}.`;
  const verb = result.action === 'opened' ? 'Opened' : 'Updated';
  const note = result.baseNote ? `note: ${result.baseNote}\n` : '';
  return `${pushed}\n${note}${verb} pull request #${result.pullRequest.number} (${result.pullRequest.head} → ${result.pullRequest.base}):\n  ${result.pullRequest.url}\n`;
}
