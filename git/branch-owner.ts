import { TandemError } from '../errors/tandem-error.js';
import { git } from './run-git.js';
import { logTrailers } from './trailers.js';

/*
 * Which plan does a run branch belong to? Tandem records it in the repo's
 * config when it creates the branch (`branch.<name>.tandemPlan`), next to
 * git's own per-branch settings, so `git branch -D` removes it too. Branches
 * made before that, or whose config was lost, are still recognised by the
 * `Tandem-Run:` trailers of the same run id on their commits.
 */

const OWNER_KEY = 'tandemPlan';
/** How far back to look for trailers; a run branch's Tandem commits are recent. */
const TRAILER_SCAN_DEPTH = 500;

export type BranchOwnership =
  | { owner: 'this-plan'; recordedPlan: string | null }
  | { owner: 'other-plan'; recordedPlan: string }
  | { owner: 'unknown' };

export interface BranchOwnerInput {
  repo: string;
  branch: string;
  planRelPath: string;
  runId?: string;
}

function ownerKey(branch: string): string {
  return `branch.${branch}.${OWNER_KEY}`;
}

/** Records that `branch` is the run branch of `planRelPath`. Idempotent. */
export async function recordBranchOwner(input: { repo: string; branch: string; planRelPath: string }): Promise<void> {
  await git(input.repo, ['config', '--local', ownerKey(input.branch), input.planRelPath]);
}

/** The plan recorded for `branch`, or null when none is recorded. */
export async function readBranchOwner(input: { repo: string; branch: string }): Promise<string | null> {
  const { stdout, exitCode } = await git(input.repo, ['config', '--local', '--get', ownerKey(input.branch)], {
    okExitCodes: [1],
  });
  return exitCode === 0 ? stdout.replace(/\n$/, '') : null;
}

/** Decides who owns an existing branch: the recorded plan wins, then `Tandem-Run` trailers. */
export async function branchOwnership(input: BranchOwnerInput): Promise<BranchOwnership> {
  const recordedPlan = await readBranchOwner(input);
  if (recordedPlan !== null) {
    return recordedPlan === input.planRelPath
      ? { owner: 'this-plan', recordedPlan }
      : { owner: 'other-plan', recordedPlan };
  }
  if (input.runId !== undefined) {
    const commits = await logTrailers({ repo: input.repo, range: `refs/heads/${input.branch}`, max: TRAILER_SCAN_DEPTH });
    if (commits.some((commit) => commit.runIds.includes(input.runId as string))) {
      return { owner: 'this-plan', recordedPlan: null };
    }
  }
  return { owner: 'unknown' };
}

/** Throws GIT_BRANCH_TAKEN unless an existing `branch` belongs to this plan. */
export async function assertBranchOwnedByPlan(input: BranchOwnerInput): Promise<void> {
  const ownership = await branchOwnership(input);
  if (ownership.owner === 'this-plan') return;
  const whose =
    ownership.owner === 'other-plan'
      ? `another plan (${ownership.recordedPlan})`
      : 'something other than this plan (it was not created by Tandem for it)';
  throw new TandemError(`Branch "${input.branch}" already exists and belongs to ${whose}.`, {
    code: 'GIT_BRANCH_TAKEN',
    hint: 'Choose another branch with --branch NAME, or delete the old branch if you no longer need it.',
    context: { branch: input.branch, plan: input.planRelPath },
  });
}
