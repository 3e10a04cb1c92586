/**
 * What keeping a machine's run branch in step with the remote's takes, as a
 * pure decision over the two heads and how they relate, and the git that
 * carries it out. Nothing here ever moves the remote branch backwards or
 * drops a commit: a local branch ahead is pushed (a crash between a commit
 * and its push), one behind is fast-forwarded, and diverged heads are left
 * as they are for the branch check to report.
 */
import { existsSync } from 'node:fs';
import { recordBranchOwner } from './branch-owner.js';
import { branchSha, isAncestor } from './refs.js';
import { fetchRemoteBranch, pushRunBranch, remoteBranchSha, type PushOutcome, type RemoteBranch } from './remote-branch.js';
import { git } from './run-git.js';

export type SyncDecision =
  | { action: 'none' }
  /** This machine has no run branch yet: make it at the remote's head. */
  | { action: 'create'; sha: string }
  | { action: 'fast-forward'; from: string; to: string }
  /** The local branch has commits the remote lacks (or the remote has no branch yet). */
  | { action: 'push'; sha: string }
  /** Both moved: someone pushed to the remote while this machine committed. */
  | { action: 'diverged'; local: string; remote: string };

export interface BranchHeads {
  local: string | null;
  remote: string | null;
  /** Whether `local` is an ancestor of `remote` (and the reverse); only read when both exist and differ. */
  localInRemote: boolean;
  remoteInLocal: boolean;
}

/** The step that brings the two heads together without dropping anyone's commit. */
export function syncDecision(heads: BranchHeads): SyncDecision {
  const { local, remote } = heads;
  if (local === remote || (local === null && remote === null)) return { action: 'none' };
  if (local === null) return { action: 'create', sha: remote! };
  if (remote === null) return { action: 'push', sha: local };
  if (heads.localInRemote) return { action: 'fast-forward', from: local, to: remote };
  if (heads.remoteInLocal) return { action: 'push', sha: local };
  return { action: 'diverged', local, remote };
}

export interface RunBranchTarget extends RemoteBranch {
  /** The run's worktree, where the branch is checked out (when this machine has it). */
  runDir?: string;
  planRelPath: string;
}

/** Reads both heads (fetching the remote's commits when they are new here) and decides. */
export async function readSyncDecision(target: RunBranchTarget): Promise<SyncDecision> {
  const remote = await remoteBranchSha(target);
  if (remote !== null && !(await hasCommit(target.repo, remote))) {
    await fetchRemoteBranch(target);
    // Moved again between the two calls: a retry of the activity looks afresh.
    if (!(await hasCommit(target.repo, remote))) throw new Error(`the remote's ${target.branch} moved while it was being fetched; trying again`);
  }
  const local = await branchSha({ repo: target.repo, branch: target.branch });
  const differ = local !== null && remote !== null && local !== remote;
  return syncDecision({
    local,
    remote,
    localInRemote: differ && (await isAncestor({ repo: target.repo, ancestor: local!, descendant: remote! })),
    remoteInLocal: differ && (await isAncestor({ repo: target.repo, ancestor: remote!, descendant: local! })),
  });
}

/**
 * Carries out a decision. `diverged` does nothing: the branch check reports it
 * (the run pauses), since resolving it is the user's call. A push the remote
 * rejects (someone pushed after the read) is returned, not thrown.
 */
export async function applySyncDecision(target: RunBranchTarget, decision: SyncDecision): Promise<PushOutcome | undefined> {
  switch (decision.action) {
    case 'create':
      await git(target.repo, ['branch', '--no-track', target.branch, decision.sha]);
      await recordBranchOwner({ repo: target.repo, branch: target.branch, planRelPath: target.planRelPath });
      return undefined;
    case 'fast-forward':
      if (target.runDir !== undefined && existsSync(`${target.runDir}/.git`)) {
        // Moves the checked-out branch and its files together; refuses rather than overwrite anything.
        await git(target.runDir, ['merge', '--ff-only', '--quiet', '--no-stat', decision.to]);
      } else {
        // Compare-and-swap: a concurrent writer makes this fail, and the activity's retry reads again.
        await git(target.repo, ['update-ref', `refs/heads/${target.branch}`, decision.to, decision.from]);
      }
      return undefined;
    case 'push':
      return pushRunBranch({ ...target, sha: decision.sha });
    default:
      return undefined;
  }
}

/** A task made on a machine that has not seen the latest integration: its base is fetched from the run branch on the remote. */
export async function ensureCommitFromRemote(target: RemoteBranch, sha: string): Promise<void> {
  if (await hasCommit(target.repo, sha)) return;
  await fetchRemoteBranch(target);
  if (!(await hasCommit(target.repo, sha))) throw new Error(`the commit ${sha.slice(0, 10)} is neither here nor on the remote's ${target.branch} yet; trying again`);
}

async function hasCommit(repo: string, sha: string): Promise<boolean> {
  // 128: no such object here (yet).
  return (await git(repo, ['cat-file', '-e', `${sha}^{commit}`], { okExitCodes: [1, 128] })).exitCode === 0;
}
