import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a worktree's git directory and common directory are, found the way git
 * finds them (a `.git` directory, or a `.git` file saying `gitdir: <path>`, and
 * that directory's `commondir` file), without starting git. Tandem reads
 * HEAD, the index path and the config files' stats from here on every task, and
 * each `git rev-parse` for them cost a process.
 *
 * Only for `repo` being a worktree's top level (what preflight returns);
 * anything else (a subdirectory, a bare repository, a missing directory) gives
 * undefined, and callers ask git instead.
 */
export interface GitDirs {
  /** The worktree's own git directory: HEAD and the index live here. */
  gitDir: string;
  /** Where config, refs and objects live (differs from gitDir in a linked worktree). */
  commonDir: string;
}

export function gitDirsOf(repo: string): GitDirs | undefined {
  const dotGit = path.join(repo, '.git');
  let gitDir: string;
  try {
    const stat = statSync(dotGit);
    if (stat.isDirectory()) gitDir = dotGit;
    else if (stat.isFile()) {
      const match = /^gitdir: (.+?)\r?\n?$/.exec(readFileSync(dotGit, 'utf8'));
      if (!match) return undefined;
      gitDir = path.resolve(repo, match[1]!);
    } else return undefined;
    if (!statSync(path.join(gitDir, 'HEAD')).isFile()) return undefined;
  } catch {
    return undefined;
  }
  let commonDir = gitDir;
  try {
    commonDir = path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  return { gitDir, commonDir };
}

/**
 * The branch HEAD names, read from HEAD itself: `{ branch }` (null when HEAD is
 * detached), or undefined when the file says something else (another ref
 * backend's placeholder such as reftable's `refs/heads/.invalid`, a symlink,
 * a ref outside refs/heads/), and only git can tell.
 */
export function headBranchFromFile(dirs: GitDirs): { branch: string | null } | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dirs.gitDir, 'HEAD'), 'utf8');
  } catch {
    return undefined;
  }
  const ref = /^ref: refs\/heads\/(.+)\n$/.exec(text)?.[1];
  if (ref !== undefined) return ref === '.invalid' ? undefined : { branch: ref };
  return /^([0-9a-f]{40}|[0-9a-f]{64})\n$/.test(text) ? { branch: null } : undefined;
}
