/**
 * A run in worktrees that ended before its tasks (a failing baseline) leaves
 * its run worktree behind, holding the run branch: git would then refuse to
 * check that branch out anywhere else, in the user's checkout included. The
 * worktrees are Tandem's own, under the run's workspace folder, so they go
 * once no open run can use them.
 */
import { existsSync } from 'node:fs';
import { laneBranch } from '../../contracts/workspace.js';
import { pruneWorktreesUnder } from '../../git/worktree.js';
import { workspaceRootFor } from '../workspace.js';

/** Removes the worktrees a closed run of `workflowId` left in its workspace folder; the run branch itself stays. */
export async function removeLeftoverWorktrees(input: { repo: string; workflowId: string; branch: string }): Promise<string[]> {
  const root = workspaceRootFor(input.workflowId);
  if (!existsSync(root)) return [];
  return pruneWorktreesUnder({ repo: input.repo, root, keep: [], branchPrefix: laneBranch(input.branch, '') });
}
