/**
 * `tandem run`'s flags, each checked on its own before any server is contacted
 * or started: a bad number or choice, an invalid --branch, a --test program
 * that is not there or a --pr-remote the repository lacks is refused (exit 2)
 * with nothing started. What needs the open run's recorded settings is checked
 * once it is known.
 */
import { chosenTestCommand } from '../../config/schema.js';
import { assertValidBranchName } from '../../git/refs.js';
import { parallelFlag } from './parallel-setting.js';
import { checkPullRequestRemote } from './pr-preflight.js';
import { checkRunSettingFlags, type RunSettingFlags } from './run-settings.js';
import { assertTestCommandExists } from './test-command.js';

export interface CheckedRunFlags extends RunSettingFlags {
  branch?: string;
  /** commander's `--no-worker` sets this to false. */
  worker?: boolean;
}

/** Throws the flag's own TandemError (USAGE, GIT_BAD_BRANCH_NAME, TEST_COMMAND_NOT_FOUND, PR_REMOTE_MISSING), all exit 2. */
export async function checkRunFlags(repo: string, flags: CheckedRunFlags): Promise<void> {
  checkRunSettingFlags(flags);
  if (flags.parallel !== undefined) parallelFlag(flags.parallel);
  if (flags.branch !== undefined) await assertValidBranchName({ repo, branch: flags.branch });
  // Another machine's worker has its own PATH and token: only a local worker's are checked here, as at a start.
  if (flags.worker === false) return;
  if (flags.test !== undefined) await assertTestCommandExists({ command: chosenTestCommand(flags.test, undefined), repo, source: '--test' });
  if (flags.prRemote !== undefined) await checkPullRequestRemote({ repo, remote: flags.prRemote });
}
