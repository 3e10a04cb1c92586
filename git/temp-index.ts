import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitDirsOf } from './git-dir.js';
import { quarantineNestedRepos } from './nested-repos.js';
import { git, gitLine } from './run-git.js';

/**
 * Runs `fn` with GIT_INDEX_FILE pointing at a private copy of the index, so
 * staging everything (to diff or snapshot the worktree) never changes what
 * the user or a concurrent commit sees as staged. The copy keeps git's stat
 * cache, so only changed files are re-hashed. Removed afterwards, even on error.
 */
export async function withTemporaryIndex<T>(
  repo: string,
  fn: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  // Synchronous file calls, as in journal/files.ts: a promise-based one costs several thread-pool hops, and a review makes a dozen.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-index-'));
  const indexFile = path.join(dir, 'index');
  try {
    const gitDir = gitDirsOf(repo)?.gitDir;
    const realIndex = gitDir !== undefined ? path.join(gitDir, 'index') : path.resolve(repo, await gitLine(repo, ['rev-parse', '--git-path', 'index']));
    try {
      copyFileSync(realIndex, indexFile);
      // The copy keeps the index's own mtime (rounded down to the millisecond): git's racy-entry check
      // compares each entry with it, and a fresh mtime would let a file rewritten with the same size
      // in the same second as the last commit look unchanged, and be left out.
      const original = statSync(realIndex);
      utimesSync(indexFile, original.atime, original.mtime);
    } catch (error) {
      // A missing index (fresh clone edge cases) just means starting empty.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return await fn({ GIT_INDEX_FILE: indexFile });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tree object of the worktree as it is now: tracked and untracked files,
 * without ignored ones (the same set `git add -A` would commit). Writes blobs
 * and trees to the object store and leaves the index alone. The only change to
 * the worktree: nested repositories are moved out first (nested-repos.ts), so
 * their files count as plain files and no gitlink is recorded.
 */
export async function worktreeTree(input: { repo: string }): Promise<string> {
  await quarantineNestedRepos(input);
  return withTemporaryIndex(input.repo, async (env) => {
    await git(input.repo, ['add', '-A'], { env });
    return gitLine(input.repo, ['write-tree'], { env });
  });
}
