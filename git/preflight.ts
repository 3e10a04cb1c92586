import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../errors/codes.js';
import { TandemError } from '../errors/tandem-error.js';
import { assertBranchOwnedByPlan } from './branch-owner.js';
import { git } from './run-git.js';
import { assertValidBranchName, branchSha, currentBranch, resolveCommit } from './refs.js';
import { defaultRunBranch } from './slug.js';
import { isIgnored, statusEntries } from './status.js';
import { assertNoOperationInProgress } from './in-progress.js';
import { assertSandboxableWorkspace } from '../exec/sandbox-workspace.js';

export interface PreflightInput {
  /** Any directory inside the working tree. */
  repo: string;
  /** The plan file; a relative path is resolved against `repo`. */
  planPath: string;
  planSlug: string;
  /** `--branch NAME`; defaults to `tandem/<planSlug>`. */
  branch?: string;
  /** Lets a branch without recorded owner count as ours when its commits carry this `Tandem-Run`. */
  runId?: string;
  /**
   * The run works in worktrees of its own (`--parallel`) and never touches the checkout,
   * so uncommitted changes there are the user's business: listed in the result, not
   * refused. The checkout may not be on the run branch, though: git lets a branch be
   * checked out in one worktree only, and the run's needs it.
   */
  inWorktrees?: boolean;
  /**
   * The run's commands run in bwrap. Without `inWorktrees` they run in the checkout, so a
   * checkout the sandbox cannot confine (your home directory, one holding $TANDEM_HOME) is refused.
   */
  sandboxed?: boolean;
}

export interface PreflightResult {
  /** The working tree's top level, symlinks resolved. */
  root: string;
  headSha: string;
  currentBranch: string;
  runBranch: string;
  /** True when the run branch exists already (a resumed run of the same plan). */
  runBranchExists: boolean;
  /** Where the run branch points, when it exists: the commit a resumed run goes on from. */
  runBranchSha?: string;
  /** The plan's path relative to `root`, with forward slashes. */
  planRelPath: string;
  /** Git knows the plan file (it is in the index). */
  planTracked: boolean;
  /** The plan is untracked, modified or staged: commit it with `commitPlanFile` before the first task. */
  planDirty: boolean;
  /** The plan matches .gitignore; it is never committed, and never removed by a rollback either. */
  planIgnored: boolean;
  /** Changed or untracked paths other than the plan; non-empty only with `inWorktrees`. */
  uncommittedPaths: string[];
}

const MAX_LISTED_PATHS = 10;

function usageError(message: string, code: ErrorCode, hint: string, context: Record<string, string>): TandemError {
  return new TandemError(message, { code, hint, context });
}

async function findRoot(repo: string): Promise<string> {
  const isDir = (() => {
    try {
      return statSync(repo).isDirectory();
    } catch {
      return false;
    }
  })();
  const notARepo = () =>
    usageError(`${repo} is not inside a git working tree.`, 'GIT_NOT_A_REPO', 'Run `git init` there, or run Tandem inside a git repository.', { repo });
  if (!isDir) throw notARepo();
  const { stdout, exitCode } = await git(repo, ['rev-parse', '--show-toplevel'], { okExitCodes: [128] });
  if (exitCode !== 0 || stdout.trim() === '') throw notARepo();
  return realpathSync(stdout.replace(/\n$/, ''));
}

function planRelativePath(root: string, repo: string, planPath: string): string {
  let planAbs: string;
  try {
    planAbs = realpathSync(path.resolve(repo, planPath));
  } catch (cause) {
    throw new TandemError(`Plan file ${planPath} does not exist.`, {
      code: 'PLAN_NOT_FOUND',
      hint: 'Check the path, or create the plan first with `tandem plan`.',
      context: { file: planPath },
      cause,
    });
  }
  const rel = path.relative(root, planAbs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw usageError(`Plan file ${planAbs} is outside the repository ${root}.`, 'GIT_PLAN_OUTSIDE_REPO', 'Move the plan file into the repository it describes.', { file: planAbs, root });
  }
  return rel.split(path.sep).join('/');
}

/**
 * GIT_BRANCH_CHECKED_OUT when the checkout is on the run branch: a run in worktrees
 * holds that branch in one of its own, and git lets a branch be checked out in one place.
 * `tandem run --restart` asks before it cancels the open run, so a refusal cancels nothing.
 */
export function assertNotOnRunBranch(input: { root: string; current: string | null; runBranch: string; hint?: string }): void {
  if (input.current !== input.runBranch) return;
  throw usageError(
    `The run branch ${input.runBranch} is checked out here; a run with --parallel works on it in a worktree of its own, and git lets a branch be checked out in one place only.`,
    'GIT_BRANCH_CHECKED_OUT',
    input.hint ?? 'Switch this checkout to another branch first (e.g. `git switch main`); the run leaves your checkout alone from then on.',
    { root: input.root, branch: input.runBranch },
  );
}

/**
 * Checks that a run can start safely and says where it will work. Throws a
 * TandemError (exit code 2) for every state in which a later rollback could
 * touch the user's work (a dirty tree only without `inWorktrees`), and
 * SANDBOX_WORKSPACE_UNSAFE for a checkout the sandbox cannot confine. Changes nothing.
 */
export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const root = await findRoot(input.repo);
  if (input.sandboxed === true && input.inWorktrees !== true) assertSandboxableWorkspace(root);
  const planRelPath = planRelativePath(root, input.repo, input.planPath);

  const head = await resolveCommit({ repo: root, rev: 'HEAD' });
  if (head === null) {
    throw usageError('The repository has no commits yet.', 'GIT_NO_COMMITS', 'Make a first commit (e.g. `git commit --allow-empty -m init`) so Tandem has a base to branch from.', { root });
  }
  const branchNow = await currentBranch({ repo: root });
  if (branchNow === null) {
    throw usageError('HEAD is detached (not on a branch).', 'GIT_DETACHED_HEAD', 'Check out a branch first, e.g. `git switch main`.', { root, head });
  }
  await assertNoOperationInProgress({ repo: root });

  const entries = await statusEntries({ repo: root });
  const planEntry = entries.find((entry) => entry.path === planRelPath);
  const others = entries.filter((entry) => entry !== planEntry).map((entry) => entry.path);
  if (others.length > 0 && input.inWorktrees !== true) {
    const listed = others.slice(0, MAX_LISTED_PATHS).join(', ');
    const more = others.length > MAX_LISTED_PATHS ? ` and ${others.length - MAX_LISTED_PATHS} more` : '';
    throw new TandemError(`The working tree has uncommitted changes: ${listed}${more}.`, {
      code: 'GIT_DIRTY_TREE',
      hint: 'Commit or stash them (`git stash -u`) first, so a rollback can never touch your work.',
      context: { root, changedFiles: others.length },
    });
  }

  const planTracked = (await git(root, ['ls-files', '-z', '--', planRelPath])).stdout !== '';
  const planIgnored = !planTracked && planEntry === undefined && (await isIgnored({ repo: root, relPath: planRelPath }));

  const runBranch = input.branch ?? defaultRunBranch(input.planSlug);
  await assertValidBranchName({ repo: root, branch: runBranch });
  const runBranchSha = (await branchSha({ repo: root, branch: runBranch })) ?? undefined;
  const runBranchExists = runBranchSha !== undefined;
  if (input.inWorktrees === true) assertNotOnRunBranch({ root, current: branchNow, runBranch });
  if (runBranchExists) {
    await assertBranchOwnedByPlan({ repo: root, branch: runBranch, planRelPath, runId: input.runId });
  }

  return {
    root,
    headSha: head,
    currentBranch: branchNow,
    runBranch,
    runBranchExists,
    ...(runBranchSha !== undefined ? { runBranchSha } : {}),
    planRelPath,
    planTracked,
    planDirty: planEntry !== undefined,
    planIgnored,
    uncommittedPaths: others,
  };
}
