import { TandemError } from '../errors/tandem-error.js';
import { gitDirsOf, headBranchFromFile } from './git-dir.js';
import { readObject } from './object-reader.js';
import { git, gitLine, gitTest } from './run-git.js';

export interface RepoInput {
  repo: string;
}

/** The commit HEAD points at. Throws GitCommandError when there is none. */
export async function headSha(input: RepoInput): Promise<string> {
  const read = await commitOf(input.repo, 'HEAD');
  return read ?? gitLine(input.repo, ['rev-parse', '--verify', 'HEAD^{commit}']);
}

/** The checked-out branch's short name, or null for a detached HEAD. */
export async function currentBranch(input: RepoInput): Promise<string | null> {
  const dirs = gitDirsOf(input.repo);
  const fromFile = dirs === undefined ? undefined : headBranchFromFile(dirs);
  if (fromFile !== undefined) return fromFile.branch;
  const { stdout, exitCode } = await git(input.repo, ['symbolic-ref', '-q', '--short', 'HEAD'], { okExitCodes: [1] });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The commit a local branch points at, or null when the branch does not exist. */
export async function branchSha(input: RepoInput & { branch: string }): Promise<string | null> {
  const read = await commitOf(input.repo, `refs/heads/${input.branch}`, { orMissing: true });
  if (read !== undefined) return read;
  const { stdout, exitCode } = await git(input.repo, ['rev-parse', '-q', '--verify', `refs/heads/${input.branch}^{commit}`], {
    okExitCodes: [1],
  });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The full sha of a commit-ish, or null when it does not name a commit in this repo. */
export async function resolveCommit(input: RepoInput & { rev: string }): Promise<string | null> {
  const read = await commitOf(input.repo, input.rev, { orMissing: true });
  if (read !== undefined) return read;
  const { stdout, exitCode } = await git(input.repo, ['rev-parse', '-q', '--verify', `${input.rev}^{commit}`], {
    okExitCodes: [1, 128],
  });
  return exitCode === 0 ? stdout.trim() : null;
}

/**
 * `rev`'s commit through the repository's object reader (no process of its own):
 * the sha; null for no such commit when `orMissing` (else undefined, so the caller's
 * git command reports it); undefined when the reader cannot answer.
 */
async function commitOf(repo: string, rev: string, options: { orMissing?: boolean } = {}): Promise<string | null | undefined> {
  // An option-like name means something else to rev-parse; leave those to it.
  if (rev.startsWith('-')) return undefined;
  const answer = await readObject(repo, `${rev}^{commit}`);
  if (answer === undefined) return undefined;
  if ('missing' in answer) return options.orMissing ? null : undefined;
  return answer.sha;
}

/** True when `ancestor` is `descendant` or reachable from it. */
export async function isAncestor(input: RepoInput & { ancestor: string; descendant: string }): Promise<boolean> {
  return gitTest(input.repo, ['merge-base', '--is-ancestor', input.ancestor, input.descendant]);
}

/** Throws GIT_BAD_BRANCH_NAME unless git accepts `branch` as a branch name. */
export async function assertValidBranchName(input: RepoInput & { branch: string }): Promise<void> {
  // The full-ref form, unlike `--branch`, does not expand `@{-1}` into some other branch.
  const valid =
    !input.branch.startsWith('-') &&
    (await git(input.repo, ['check-ref-format', `refs/heads/${input.branch}`], { okExitCodes: [1, 128] })).exitCode === 0;
  if (!valid) {
    throw new TandemError(`"${input.branch}" is not a valid git branch name.`, {
      code: 'GIT_BAD_BRANCH_NAME',
      hint: 'Choose another name with --branch NAME (letters, digits, "-", "_" and "/" are safe).',
      context: { branch: input.branch },
    });
  }
}
