import { TandemError } from '../errors/tandem-error.js';
import { checkBranchIntegrity } from './branch-integrity.js';
import { integrityError } from './branch-errors.js';
import { findTaskCommit } from './find-task-commit.js';
import { commitIdentityEnv } from './identity.js';
import { branchSha, currentBranch, headSha, resolveCommit } from './refs.js';
import { keepBaseGitlinks } from './gitlinks.js';
import { quarantineAndScan } from './nested-repos.js';
import { installIndex, usableStaging } from './reviewed-staging.js';
import { skipIdleMaintenance } from './idle-maintenance.js';
import { git } from './run-git.js';
import { buildCommitMessage, clipTrailerValue, TRAILER } from './trailers.js';

export interface CommitTaskInput {
  repo: string;
  /** The commit the task started from; HEAD must still be there. */
  baseSha: string;
  taskId: string;
  title: string;
  runId: string;
  implementedBy: string;
  reviewedBy: string[];
  /** The task's acceptance criteria, one `Tandem-Acceptance: <taskId>/<n> <criterion>` trailer each. */
  acceptance?: readonly string[];
  /** The design requirements the task serves, one `Tandem-Requirements:` trailer when there are any. */
  requirements?: readonly string[];
  body?: string;
  /** The run branch; defaults to the branch checked out now. */
  branch?: string;
  /** Last changes to the worktree (e.g. ticking TODO.md), made only once the branch checks passed and no commit exists yet. */
  beforeCommit?: () => Promise<void>;
  /**
   * The review's kept staging (diffSince's `keepStagingIn`) and the tracked files beforeCommit
   * may rewrite: when the worktree is still as the review saw it, the commit is that staging plus
   * those files, without listing and staging the worktree again (reviewed-staging.ts).
   */
  reviewed?: { stagingDir: string; restage: readonly string[] };
}

export interface CommitTaskResult {
  sha: string;
  /** True when an earlier attempt of this call had already made the commit. */
  alreadyCommitted: boolean;
}

/**
 * `T3: title` plus the trailers resume, review and trace tooling search for.
 * The same input always gives the same bytes.
 */
export function taskCommitMessage(input: Omit<CommitTaskInput, 'repo' | 'baseSha' | 'branch' | 'beforeCommit'>): string {
  return buildCommitMessage({
    subject: `${input.taskId}: ${input.title}`,
    body: input.body,
    trailers: [
      [TRAILER.task, input.taskId],
      [TRAILER.run, input.runId],
      ...traceTrailers(input),
      [TRAILER.implementedBy, input.implementedBy],
      ...input.reviewedBy.map((model) => [TRAILER.reviewedBy, model] as const),
    ],
  });
}

/** What the commit claims to meet and serve: `tandem trace` and the report read these back. */
function traceTrailers(input: Pick<CommitTaskInput, 'taskId' | 'acceptance' | 'requirements'>): [string, string][] {
  const trailers: [string, string][] = [];
  const requirements = (input.requirements ?? []).map((id) => id.trim()).filter((id) => id !== '');
  if (requirements.length > 0) trailers.push([TRAILER.requirements, clipTrailerValue(requirements.join(', '))]);
  (input.acceptance ?? []).forEach((criterion, index) => {
    // Numbered by position in the plan, like the converge review's `<taskId>/<n>`, even if one is blank.
    if (criterion.trim() !== '') trailers.push([TRAILER.acceptance, clipTrailerValue(`${input.taskId}/${index + 1} ${criterion}`)]);
  });
  return trailers;
}

/**
 * Commits everything in the worktree (`git add -A`, ignored files excluded)
 * as the task's one commit; nested repositories become plain files and the
 * submodule commits stay those of `baseSha` (no gitlink enters a task commit).
 * With `reviewed`, and the worktree provably as the review saw it, the commit
 * is the review's staging plus `reviewed.restage` (the same files, one git
 * process instead of three). Idempotent: when a commit with this task's
 * `Tandem-Task` and `Tandem-Run` trailers already follows `baseSha`, it is
 * returned and nothing is committed. Throws GIT_BRANCH_MOVED / _SWITCHED /
 * _DELETED instead of committing on top of someone else's commits.
 */
export async function commitTask(input: CommitTaskInput): Promise<CommitTaskResult> {
  const { repo } = input;
  const base = await resolveCommit({ repo, rev: input.baseSha });
  if (base === null) {
    throw new TandemError(`Task ${input.taskId} cannot be committed: its base commit ${input.baseSha} does not exist.`, {
      code: 'GIT_BAD_BASE',
      hint: 'The run branch was rewritten; check `git log`, then cancel or restart the run.',
      context: { task: input.taskId, baseSha: input.baseSha },
    });
  }
  const branch = input.branch ?? (await currentBranch({ repo }));
  const head = branch === null ? null : await branchSha({ repo, branch });
  if (branch !== null && head === null) throw integrityError(branch, { status: 'deleted' });
  const ref = branch === null ? 'HEAD' : `refs/heads/${branch}`;
  // A retry after a crash between `git commit` and the activity's reply finds the commit here.
  // A branch still at the base has nothing after it to search (the usual first try: no `git log`).
  const existing = head === base ? null : await findTaskCommit({ repo, taskId: input.taskId, runId: input.runId, sinceSha: base, ref });
  if (existing !== null) return { sha: existing.sha, alreadyCommitted: true };

  if (branch === null) throw integrityError('(detached HEAD)', { status: 'switched', currentBranch: null });
  // `existing` found nothing on the branch since base, so the head read above is still the one to check.
  const integrity = await checkBranchIntegrity({ repo, branch, expectedHead: base, runId: input.runId, head });
  if (integrity.status !== 'ok') throw integrityError(branch, integrity);

  // Checked before beforeCommit changes the worktree: after a crash past it, the seal is broken and the long way is taken.
  const staging = input.reviewed === undefined ? undefined : await usableStaging({ repo, dir: input.reviewed.stagingDir, base, restage: input.reviewed.restage });
  await input.beforeCommit?.();
  // No `git maintenance run --auto` child when git's own check would find nothing to do (idle-maintenance.ts).
  const message = { input: taskCommitMessage(input), env: await commitIdentityEnv({ repo }), config: await skipIdleMaintenance(repo) };
  if (staging !== undefined && (await installIndex(repo, staging))) {
    // `--include`: the index as the review staged it, plus what beforeCommit rewrote (paths are literal, safe-env.ts).
    const { restage } = input.reviewed!;
    await git(repo, [...COMMIT, ...(restage.length > 0 ? ['--include', '--', ...restage] : [])], message);
    return { sha: await headSha({ repo }), alreadyCommitted: false };
  }
  const scan = await quarantineAndScan({ repo });
  await git(repo, ['add', '-A']);
  // With no gitlink in the index and no nested repository left to add, `add -A` made none: nothing to put back.
  if (scan.indexHasGitlinks || scan.moved.length > 0) await keepBaseGitlinks({ repo, baseSha: base });
  await git(repo, COMMIT, message);
  return { sha: await headSha({ repo }), alreadyCommitted: false };
}

// --allow-empty: a task that needed no change still gets its commit, so a resume skips it.
// --no-verify: the task was already verified by its tests and reviewers; a hook must not
// fail or rewrite the commit (and its trailers) behind the workflow's back.
const COMMIT = ['commit', '--allow-empty', '--no-verify', '--cleanup=whitespace', '-F', '-'];
