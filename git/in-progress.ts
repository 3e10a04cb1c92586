import { existsSync } from 'node:fs';
import path from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { gitLine } from './run-git.js';

/* Marker files git leaves while a multi-step operation waits for the user. */
const OPERATIONS: ReadonlyArray<readonly [marker: string, name: string, abort: string]> = [
  ['MERGE_HEAD', 'a merge', 'git merge --abort'],
  ['rebase-merge', 'a rebase', 'git rebase --abort'],
  ['rebase-apply', 'a rebase or `git am`', 'git rebase --abort'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick', 'git cherry-pick --abort'],
  ['REVERT_HEAD', 'a revert', 'git revert --abort'],
  ['BISECT_LOG', 'a bisect', 'git bisect reset'],
];

/**
 * Throws GIT_OPERATION_IN_PROGRESS when a merge, rebase, cherry-pick, revert
 * or bisect is unfinished: resetting in the middle of one would lose the
 * user's resolution work.
 */
export async function assertNoOperationInProgress(input: { repo: string }): Promise<void> {
  const args = OPERATIONS.flatMap(([marker]) => ['--git-path', marker]);
  const markerPaths = (await gitLine(input.repo, ['rev-parse', ...args])).split('\n');
  for (const [index, [marker, name, abort]] of OPERATIONS.entries()) {
    if (existsSync(path.resolve(input.repo, markerPaths[index] ?? marker))) {
      throw new TandemError(`The repository is in the middle of ${name}.`, {
        code: 'GIT_OPERATION_IN_PROGRESS',
        hint: `Finish it and commit, or cancel it with \`${abort}\`, then run Tandem again.`,
        context: { repo: input.repo, marker },
      });
    }
  }
}
