/**
 * Takes the user back to the branch they started a run on, when the run ends
 * before its first task (failing baseline tests, a missing test command). The
 * run branch stays, with the plan committed, for the next `tandem run`.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentBranch } from './refs.js';
import { git } from './run-git.js';

export interface ReturnToBranchInput {
  repo: string;
  branch: string;
  /** The plan file: untracked on the start branch, it would vanish with the switch, so it is put back. */
  planRelPath: string;
}

export interface ReturnToBranchResult {
  returned: boolean;
  /** Why git refused (files the failed tests left that the switch would overwrite), when it did. */
  problem?: string;
}

/** Switches back to `branch`, keeping the plan file in the worktree; never forces, never discards a change. */
export async function returnToBranch(input: ReturnToBranchInput): Promise<ReturnToBranchResult> {
  const { repo, branch } = input;
  if ((await currentBranch({ repo })) === branch) return { returned: true };
  const planFile = join(repo, input.planRelPath);
  const plan = existsSync(planFile) ? await readFile(planFile) : undefined;
  const switched = await git(repo, ['switch', '--no-guess', branch], { okExitCodes: [1, 128] });
  if (switched.exitCode !== 0) return { returned: false, problem: switched.stderr.trim().split('\n')[0] ?? `git switch exited ${switched.exitCode}` };
  if (plan !== undefined && !existsSync(planFile)) await writeFile(planFile, plan);
  return { returned: true };
}
