import { TandemError } from '../errors/tandem-error.js';
import { checkBranchIntegrity, foreignCommitsSince } from './branch-integrity.js';
import { integrityError } from './branch-errors.js';
import { currentBranch, headSha, isAncestor, resolveCommit } from './refs.js';
import { git } from './run-git.js';
import { quarantineNestedRepos } from './nested-repos.js';
import { snapshotWorktree, type Snapshot } from './snapshot.js';
import { isDirty } from './status.js';
import { logTrailers } from './trailers.js';

export interface ResetToBaseInput {
  repo: string;
  /** The task's base commit to roll back to. */
  sha: string;
  /** The run branch; defaults to the branch checked out now. */
  branch?: string;
  /**
   * Where Tandem believes HEAD is, when that is past `sha` (Tandem's own
   * commits to discard). Defaults to `sha`: only the worktree is rolled back.
   */
  expectedHead?: string;
  runId?: string;
}

export interface ResetToBaseResult {
  headSha: string;
  /** The discarded worktree, kept under `refs/tandem/rollback` (see `git reflog refs/tandem/rollback`); null when it was clean. */
  backup: Snapshot | null;
}

/** Every rollback's discarded worktree stays reachable from this ref's reflog. */
export const ROLLBACK_REF = 'refs/tandem/rollback';

/**
 * Rolls the worktree back to `sha`: `git reset --hard` plus `git clean -fd`
 * (not -x, so ignored files such as node_modules stay); git directories the
 * task created are moved to `.git/tandem/quarantine/` first. Idempotent. Refuses
 * with GIT_BRANCH_MOVED / _SWITCHED / _DELETED rather than discard a commit
 * Tandem did not make or expect; uncommitted files are backed up first.
 */
export async function resetToBase(input: ResetToBaseInput): Promise<ResetToBaseResult> {
  const { repo } = input;
  const base = await resolveCommit({ repo, rev: input.sha });
  if (base === null) {
    throw new TandemError(`Cannot roll back to ${input.sha}: no such commit.`, {
      code: 'GIT_BAD_BASE',
      hint: 'The run branch was rewritten; check `git log` and cancel or restart the run.',
      context: { sha: input.sha },
    });
  }
  const branch = input.branch ?? (await currentBranch({ repo }));
  if (branch === null) throw integrityError('(detached HEAD)', { status: 'switched', currentBranch: null });
  const expectedHead = input.expectedHead ?? base;
  const integrity = await checkBranchIntegrity({ repo, branch, expectedHead, runId: input.runId });
  if (integrity.status !== 'ok') throw integrityError(branch, integrity);

  const head = await headSha({ repo });
  if (head !== base) {
    // Only Tandem's own, expected commits may be discarded.
    const expected = head === expectedHead && (await isAncestor({ repo, ancestor: base, descendant: head }));
    const foreign = await foreignCommitsSince({ repo, since: base, head, runId: input.runId });
    if (!expected || foreign.length > 0) {
      const unexpected = foreign.length > 0 ? foreign : await logTrailers({ repo, range: `${base}..${head}`, max: 50 });
      const foreignCommits = unexpected.map(({ sha, subject }) => ({ sha, subject }));
      throw integrityError(branch, { status: 'moved', head, foreignCommits, rewritten: false });
    }
  }

  // Nested repositories the task made: `clean -fd` would keep them (it needs -ff), and `add -A` could fail on them.
  await quarantineNestedRepos({ repo });
  let backup: Snapshot | null = null;
  if (await isDirty({ repo })) {
    backup = await snapshotWorktree({ repo, ref: ROLLBACK_REF, message: `Tandem rollback to ${base}`, keepHistory: true });
  }
  await git(repo, ['reset', '--hard', '--quiet', base]);
  await git(repo, ['clean', '-fd', '--quiet']);
  return { headSha: base, backup };
}
