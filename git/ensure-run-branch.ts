import { TandemError } from '../errors/tandem-error.js';
import { assertBranchOwnedByPlan, recordBranchOwner } from './branch-owner.js';
import { assertValidBranchName, branchSha, currentBranch, resolveCommit } from './refs.js';
import { handOverPlanFile } from './plan-handover.js';
import { git, GitCommandError } from './run-git.js';

export interface EnsureRunBranchInput {
  repo: string;
  branch: string;
  planRelPath: string;
  /** Where to create the branch if it is missing (preflight's `headSha`). */
  fromSha: string;
  runId?: string;
}

export interface EnsureRunBranchResult {
  branch: string;
  /** True only for the call that created the branch. */
  created: boolean;
  headSha: string;
}

async function switchTo(repo: string, branch: string): Promise<void> {
  try {
    await git(repo, ['switch', '--no-guess', branch]);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    // Typically a local plan file that differs from the branch's, or the branch is in another worktree.
    throw new TandemError(`Could not check out the run branch "${branch}": ${error.stderr.trim()}`, {
      code: 'GIT_CHECKOUT_BLOCKED',
      hint: `To resume that run, move the files git names aside and run \`git switch ${branch}\`; to start afresh, pass --branch NAME.`,
      context: { branch },
      cause: error,
    });
  }
}

/**
 * Makes `branch` exist, belong to this plan and be checked out. Safe to repeat:
 * the owner is recorded before the branch is created, so a crash in between
 * leaves a branch that a retry still recognises as ours. Throws
 * GIT_BRANCH_TAKEN for a branch owned by another plan; never moves an
 * existing branch.
 */
export async function ensureRunBranch(input: EnsureRunBranchInput): Promise<EnsureRunBranchResult> {
  const { repo, branch } = input;
  await assertValidBranchName({ repo, branch });
  let created = false;
  if ((await branchSha({ repo, branch })) === null) {
    const from = await resolveCommit({ repo, rev: input.fromSha });
    if (from === null) {
      throw new TandemError(`Commit ${input.fromSha} does not exist, so the run branch cannot start there.`, {
        code: 'GIT_BAD_BASE',
        hint: 'Run `tandem run` again so Tandem reads the current HEAD.',
        context: { branch, fromSha: input.fromSha },
      });
    }
    await recordBranchOwner({ repo, branch, planRelPath: input.planRelPath });
    await git(repo, ['branch', '--no-track', branch, from]);
    created = true;
  } else {
    await assertBranchOwnedByPlan({ repo, branch, planRelPath: input.planRelPath, runId: input.runId });
    // Repairs a missing record when ownership was proven by trailers.
    await recordBranchOwner({ repo, branch, planRelPath: input.planRelPath });
  }
  if ((await currentBranch({ repo })) !== branch) {
    await handOverPlanFile({ repo, branch, planRelPath: input.planRelPath });
    await switchTo(repo, branch);
  }
  const head = await branchSha({ repo, branch });
  if (head === null) throw new GitCommandError(['rev-parse', branch], undefined, 'run branch vanished after checkout');
  return { branch, created, headSha: head };
}
