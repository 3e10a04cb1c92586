import { rm } from 'node:fs/promises';
import path from 'node:path';
import { git } from './run-git.js';
import { statusEntries } from './status.js';

/*
 * Switching to an existing run branch fails when the local plan file is
 * untracked or modified and the branch has its own committed version
 * ("would be overwritten by checkout"). When both versions are byte-for-byte
 * the same, nothing can be lost by dropping the local copy first: the branch
 * brings it back. A different local plan is left alone for git to refuse.
 */

async function blobAt(repo: string, rev: string, relPath: string): Promise<string | null> {
  const { stdout, exitCode } = await git(repo, ['rev-parse', '-q', '--verify', `${rev}:${relPath}`], { okExitCodes: [1, 128] });
  return exitCode === 0 ? stdout.trim() : null;
}

/** Drops the local plan file when the target branch has identical content. Returns whether it did. */
export async function handOverPlanFile(input: { repo: string; branch: string; planRelPath: string }): Promise<boolean> {
  const { repo, planRelPath } = input;
  const entry = (await statusEntries({ repo })).find((candidate) => candidate.path === planRelPath);
  if (entry === undefined) return false;
  const onBranch = await blobAt(repo, `refs/heads/${input.branch}`, planRelPath);
  if (onBranch === null) return false;
  const local = (await git(repo, ['hash-object', '--', planRelPath])).stdout.trim();
  if (local !== onBranch) return false;
  if (entry.code === '??') {
    await rm(path.join(repo, planRelPath), { force: true });
  } else {
    await git(repo, ['restore', '--source=HEAD', '--staged', '--worktree', '--', planRelPath]);
  }
  return true;
}
